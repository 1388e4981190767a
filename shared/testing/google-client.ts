/** What a Google Cloud client method receives: the resource name it acts on. */
export type NamedRequest = { name: string };

/**
 * A stand-in for one method of a Google Cloud client (Secret Manager, Cloud Scheduler, …): `respond` decides each
 * answer, and every request's resource name is recorded in `requests`, in order.
 */
export function fakeGoogleClient<Client, Method extends keyof Client & string>(
  method: Method,
  respond: (request: NamedRequest) => Promise<unknown>,
) {
  const requests: string[] = [];
  const client = {
    [method]: async (request: NamedRequest) => {
      requests.push(request.name);
      return respond(request);
    },
  } as unknown as Pick<Client, Method>;
  return { client, requests };
}

/** An error as the Google clients throw it: a gRPC status `code` on an Error. */
export const grpcError = (code: number, message = `code ${code}`) =>
  Object.assign(new Error(message), { code });
