import { getRouteApi } from '@tanstack/react-router';
import { RunDetailView } from '../features/pipelines/run-detail.js';

const route = getRouteApi('/$org/pipelines/runs/$run_id');

/** `/$org/pipelines/runs/$run_id`: one run, followed live until it ends. */
export function PipelineRunPage() {
  const { org, run_id } = route.useParams();
  return <RunDetailView org={org} runId={run_id} />;
}
