const MAX_REASON = 500;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** `code: message`, without repeating a code the message already starts with; numeric codes are dropped. */
function join(code: string | undefined, message: string | undefined): string | undefined {
  if (!message) return code;
  if (!code || /^\d+$/.test(code) || message.startsWith(code)) return message;
  return `${code}: ${message}`;
}

/** Reads the documented JSON error shapes: OpenAI, Anthropic, Google, OAuth 2.0 (Google, Entra ID), AWS JSON, OCI. */
function fromJson(body: Json, headers: Headers): string | undefined {
  const error = body.error;
  // OpenAI / DeepSeek / Azure OpenAI {error:{message,type,code}}, Anthropic {error:{type,message}}, Google {error:{status,message}}.
  if (isObject(error)) {
    return join(str(error.code) ?? str(error.status) ?? str(error.type), str(error.message));
  }
  // OAuth 2.0 token endpoints: {error, error_description}.
  if (str(error)) return join(str(error), str(body.error_description));
  // AWS REST-JSON ({message} + x-amzn-ErrorType header), OCI ({code, message}).
  const awsType = headers.get('x-amzn-errortype')?.split(':')[0];
  return join(str(body.code) ?? str(body.__type) ?? str(awsType), str(body.message) ?? str(body.Message));
}

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&amp;': '&',
};

/** The text of the first `<tag>` element of an XML document (entities decoded), if any. */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return m?.[1]?.replace(/&(lt|gt|quot|apos|amp);/g, (e) => ENTITIES[e] ?? e).trim();
}

/** The provider's own error message from a response body (JSON or AWS/Azure XML), or undefined. */
export function providerErrorMessage(text: string, headers: Headers): string | undefined {
  const trimmed = text.trim();
  let message: string | undefined;
  if (trimmed.startsWith('{')) {
    try {
      const body: unknown = JSON.parse(trimmed);
      if (isObject(body)) message = fromJson(body, headers);
    } catch {
      message = undefined;
    }
  } else if (trimmed.startsWith('<')) {
    // AWS <ErrorResponse><Error><Code/><Message/></Error>, S3 and Azure Storage <Error><Code/><Message/></Error>.
    message = join(xmlText(trimmed, 'Code'), xmlText(trimmed, 'Message'));
  } else if (trimmed && !/[<>{}]/.test(trimmed)) {
    message = trimmed;
  }
  if (!message) return undefined;
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON)}…` : flat;
}
