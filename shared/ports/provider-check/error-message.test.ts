import { describe, expect, it } from 'vitest';
import { providerErrorMessage } from './error-message.js';

const h = (headers: Record<string, string> = {}) => new Headers(headers);

describe('providerErrorMessage', () => {
  it.each([
    [
      'OpenAI',
      '{"error":{"message":"Bad key","type":"invalid_request_error","code":"invalid_api_key"}}',
      'invalid_api_key: Bad key',
    ],
    [
      'Anthropic',
      '{"type":"error","error":{"type":"permission_error","message":"Nope"}}',
      'permission_error: Nope',
    ],
    [
      'Google',
      '{"error":{"code":403,"message":"Denied","status":"PERMISSION_DENIED"}}',
      'PERMISSION_DENIED: Denied',
    ],
    ['Azure OpenAI', '{"error":{"code":"401","message":"Access denied"}}', 'Access denied'],
    [
      'OAuth',
      '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}',
      'invalid_grant: Invalid JWT Signature.',
    ],
    ['OCI', '{"code":"NotAuthorizedOrNotFound","message":"Gone"}', 'NotAuthorizedOrNotFound: Gone'],
    [
      'AWS XML',
      '<ErrorResponse><Error><Code>X</Code><Message>a &amp; b</Message></Error></ErrorResponse>',
      'X: a & b',
    ],
    [
      'Azure XML',
      '<?xml version="1.0"?><Error><Code>AuthenticationFailed</Code><Message>Bad\nRequestId:1</Message></Error>',
      'AuthenticationFailed: Bad RequestId:1',
    ],
    ['plain text', 'Service Unavailable', 'Service Unavailable'],
  ])('reads %s errors', (_name, body, expected) => {
    expect(providerErrorMessage(body, h())).toBe(expected);
  });

  it('reads AWS REST-JSON errors with the x-amzn-ErrorType header', () => {
    const headers = h({ 'x-amzn-ErrorType': 'AccessDeniedException:http://internal.amazon.com/' });
    expect(providerErrorMessage('{"message":"not authorized"}', headers)).toBe(
      'AccessDeniedException: not authorized',
    );
  });

  it('returns undefined for empty or HTML bodies and truncates long messages', () => {
    expect(providerErrorMessage('', h())).toBeUndefined();
    expect(providerErrorMessage('<html><body>502</body></html>', h())).toBeUndefined();
    expect(providerErrorMessage(JSON.stringify({ message: 'x'.repeat(2000) }), h())?.length).toBe(501);
  });
});
