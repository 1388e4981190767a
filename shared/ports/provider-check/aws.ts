import { AwsConfigSchema as ConfigSchema } from '../../contracts/provider-schemas.js';
import { awsBaseUrl, awsKeysAdapter } from './aws-sign.js';
import { xmlText } from './error-message.js';
import { unreachable, type CallContext } from './http.js';

/** The ListObjectsV2 URL: virtual-hosted style; path style for dotted bucket names and AWS_ENDPOINT_URL. */
function listUrl(ctx: CallContext, bucket: string, prefix: string, region: string): string {
  const query = `list-type=2&max-keys=1&prefix=${encodeURIComponent(prefix)}`;
  if (!ctx.endpoints.AWS_ENDPOINT_URL && !bucket.includes('.')) {
    return `${awsBaseUrl(ctx, `${bucket}.s3`, region)}/?${query}`;
  }
  return `${awsBaseUrl(ctx, 's3', region)}/${bucket}?${query}`;
}

/** AWS access keys: `sts:GetCallerIdentity`, then `s3:ListObjectsV2` (max-keys=1) on the export bucket/prefix. */
export const awsAdapter = awsKeysAdapter('aws', 'AWS', {
  configSchema: ConfigSchema,
  probe: (config, ctx) => ({
    step: `s3:ListObjectsV2 s3://${config.export_bucket}/${config.export_prefix}`,
    service: 's3',
    url: listUrl(ctx, config.export_bucket, config.export_prefix, config.region),
  }),
  details(response, config, ctx, step) {
    const keyCount = xmlText(response.text, 'KeyCount');
    if (keyCount === undefined) throw unreachable(ctx, step, 'answered in an unexpected format.');
    return { bucket: config.export_bucket, objects_found: Number(keyCount) > 0 };
  },
});
