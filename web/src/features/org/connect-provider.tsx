import { PlugZap } from 'lucide-react';
import { Card } from '../../components/ui/card.js';

const CLOUD = 'AWS, Google Cloud, Azure, OCI';
const GENAI = 'OpenAI, Anthropic, Gemini, DeepSeek, Azure OpenAI, Bedrock, Vertex AI';

/** The dashboard of an org with no provider connected: how to connect one, in the order it is done. */
export function ConnectProvider({ org }: { org: string }) {
  return (
    <Card aria-labelledby="connect-title" data-testid="connect-provider">
      <div className="flex items-start gap-4">
        <span className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-2 text-accent">
          <PlugZap aria-hidden="true" className="size-5" />
        </span>
        <div className="min-w-0 space-y-3 text-sm">
          <h2 id="connect-title" className="text-base font-semibold">
            Connect a provider to see your costs
          </h2>
          <p className="text-muted">
            No provider is connected to this organization yet, so there is no cost to show. Connect one and
            run its first import:
          </p>
          <ol className="list-decimal space-y-1.5 pl-5">
            <li>
              <strong>Cloud billing</strong> ({CLOUD}): give CloudAct read access to the billing export.
            </li>
            <li>
              <strong>GenAI usage</strong> ({GENAI}): add an admin or usage API key.
            </li>
            <li>
              Check and store the credential with{' '}
              <code className="rounded bg-surface-2 px-1 break-all">
                POST /api/v1/integrations/{org}/&lt;provider&gt;/setup
              </code>{' '}
              (your org API key), then run the provider&apos;s pipeline for the last 30 days.
            </li>
          </ol>
          <p>
            <a href="/api/v1/docs#tag/integrations" className="font-medium text-accent underline">
              Read how to connect a provider (API docs, Integrations)
            </a>
          </p>
        </div>
      </div>
    </Card>
  );
}
