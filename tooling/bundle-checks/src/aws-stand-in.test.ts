import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from './aws-stand-in';

let standIn: AwsStandIn;
beforeEach(async () => {
  standIn = await startAwsStandIn();
});
afterEach(() => standIn.close());

const json = (target: string, body: unknown) =>
  fetch(standIn.url, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(body),
  });

describe('startAwsStandIn', () => {
  it('answers EventBridge PutEvents with one entry id per entry and records the call', async () => {
    const response = await json('AWSEvents.PutEvents', { Entries: [{}, {}] });
    const body = (await response.json()) as { FailedEntryCount: number; Entries: { EventId: string }[] };
    expect(response.status).toBe(200);
    expect(body.FailedEntryCount).toBe(0);
    expect(body.Entries).toHaveLength(2);
    expect(standIn.calls).toStrictEqual(['events:PutEvents']);
  });

  it('finds no item, unless one is stored, which it returns marshalled', async () => {
    expect(await (await json('DynamoDB_20120810.GetItem', { Key: {} })).json()).toStrictEqual({});
    standIn.storedItem = { pk: 'VIDEO#v', version: 2 };
    expect(await (await json('DynamoDB_20120810.GetItem', { Key: {} })).json()).toStrictEqual({
      Item: { pk: { S: 'VIDEO#v' }, version: { N: '2' } },
    });
  });

  it('fails a conditional put as an id already handled when told to, returning the old item completed', async () => {
    standIn.alreadyHandled = true;
    const response = await json('DynamoDB_20120810.PutItem', {
      Item: { id: { S: 'svc#abc' } },
      ConditionExpression: 'attribute_not_exists(#id)',
    });
    const body = (await response.json()) as { __type: string; Item: Record<string, unknown> };
    expect(response.status).toBe(400);
    expect(body.__type).toMatch(/#ConditionalCheckFailedException$/);
    expect(body.Item).toMatchObject({ id: { S: 'svc#abc' }, status: { S: 'COMPLETED' } });
  });

  it('answers SES query calls in XML and S3 puts and gets like S3', async () => {
    const ses = await fetch(standIn.url, { method: 'POST', body: 'Action=SendRawEmail&Version=2010-12-01' });
    expect(await ses.text()).toMatch(/<SendRawEmailResult><MessageId>[0-9a-f-]{36}<\/MessageId>/);
    const put = await fetch(`${standIn.url}/bucket/key.pdf`, { method: 'PUT', body: 'pdf' });
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const get = await fetch(`${standIn.url}/bucket/key.pdf`);
    expect(get.status).toBe(404);
    expect(await get.text()).toContain('<Code>NoSuchKey</Code>');
    expect(standIn.calls).toStrictEqual(['ses:SendRawEmail', 's3:PutObject', 's3:GetObject']);
  });

  it("answers the platform API's user call-back (a function URL GET) with an active learner", async () => {
    const response = await fetch(`${standIn.url}/users/user-1`);
    expect(await response.json()).toStrictEqual({
      userId: 'user-1',
      email: 'user-1@example.com',
      name: 'Stand-in Learner',
      status: 'active',
      createdAt: '2026-11-01T09:00:00.000Z',
    });
    expect(standIn.calls).toStrictEqual(['lambda:InvokeFunctionUrl']);
  });
});
