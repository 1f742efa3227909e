import { randomBytes } from 'node:crypto';
import { Arg, Ctx, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import { InputField, ROLE_GATED } from '../access/input-declarations';
import type { HubContext } from '../server/context';
import { HubError } from '../server/graphql/errors';
import { toGlobalId } from '../server/graphql/global-id';

@ObjectType({ description: 'A partner system’s webhook: where the hub posts events about the children its agency may see.' })
class WebhookSubscriptionInfo {
  @Expose(Classification.PUBLIC, () => ID, { description: 'The subscription id.' })
  id!: string;
  @Expose(Classification.PUBLIC, { description: 'Code of the agency whose access decides what it receives.' })
  agencyCode!: string;
  @Expose(Classification.PUBLIC, { description: 'The endpoint (https in production).' })
  url!: string;
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'The signing secret: returned once, when registered; null afterwards.' })
  secret!: string | null;
}

@ObjectType({ description: 'A webhook delivery that failed its last attempt (the dead-letter list).' })
class WebhookDeadLetter {
  @Expose(Classification.PUBLIC, () => ID, { description: 'The delivery id (replay it with replayWebhookDelivery).' })
  id!: string;
  @Expose(Classification.PUBLIC, () => ID, { description: 'The event id the receiver de-duplicates on.' })
  eventId!: string;
  @Expose(Classification.PUBLIC, { description: 'Event type, e.g. "Section47Enquiry.CREATE".' })
  type!: string;
  @Expose(Classification.PUBLIC, () => ID, { description: 'Global id of the record the event is about.' })
  recordId!: string;
  @Expose(Classification.PUBLIC, { description: 'Agency code of the receiving subscription.' })
  agencyCode!: string;
  @Expose(Classification.PUBLIC, { description: 'The endpoint.' })
  url!: string;
  @Expose(Classification.PUBLIC, () => Int, { description: 'Attempts made.' })
  attempts!: number;
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'What the last attempt got (status or network error).' })
  lastError!: string | null;
  @Expose(Classification.PUBLIC, () => GraphQLDateTime, { nullable: true, description: 'When the last attempt was made.' })
  lastAttemptAt!: Date | null;
}

@InputType({ description: 'A webhook endpoint for a partner agency.' })
class RegisterWebhookInput {
  @InputField(ROLE_GATED, { description: 'Code of the agency (its access decides which events it gets).' })
  agencyCode!: string;
  @InputField(ROLE_GATED, { description: 'Endpoint URL (http or https).' })
  url!: string;
}

@InputType({ description: 'A dead-lettered delivery to queue again.' })
class ReplayWebhookDeliveryInput {
  @InputField(ROLE_GATED, () => ID, { description: 'The delivery id (from webhookDeadLetters).' })
  id!: string;
}

@ObjectType({ description: 'The result of a replay.' })
class WebhookReplay {
  @Expose(Classification.PUBLIC, () => ID, { description: 'The delivery queued again.' })
  id!: string;
}

/** The administrator's view of delivery (issue 13 must-show 7): subscriptions and the dead-letter list. */
@Resolver()
export class DeliveryResolver {
  @Mutation(() => WebhookSubscriptionInfo, { description: 'Registers a partner agency’s webhook (administrators). The signing secret is returned once: deliveries carry `Hub-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">` and `Hub-Event-Id`.' })
  async registerWebhook(@Arg('input', { description: 'Agency and endpoint.' }) input: RegisterWebhookInput, @Ctx() ctx: HubContext): Promise<WebhookSubscriptionInfo> {
    let url: URL;
    try {
      url = new URL(input.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new HubError('BAD_USER_INPUT', 'Give an http(s) URL.', { field: ['input', 'url'] });
    }
    await ctx.tx.begin();
    const [agency] = await ctx.em.execute<{ id: string }[]>(`select id from agency where code = ?`, [input.agencyCode]);
    if (!agency) throw new HubError('BAD_USER_INPUT', `No agency with code ${input.agencyCode}.`, { field: ['input', 'agencyCode'] });
    const secret = randomBytes(32).toString('base64url');
    const [row] = await ctx.em.execute<{ id: string }[]>(`select hub_register_webhook(?::uuid, ?, ?, ?) as id`, [agency.id, url.toString(), secret, ctx.principal.subject]);
    return Object.assign(new WebhookSubscriptionInfo(), { id: row!.id, agencyCode: input.agencyCode, url: url.toString(), secret });
  }

  @Query(() => [WebhookDeadLetter], { description: 'Deliveries that failed their last attempt, newest first (administrators).' })
  async webhookDeadLetters(@Ctx() ctx: HubContext): Promise<WebhookDeadLetter[]> {
    await ctx.tx.begin();
    const rows = await ctx.em.execute<Array<Record<string, unknown>>>(`select * from hub_webhook_dead_letters(200)`);
    return rows.map((r) =>
      Object.assign(new WebhookDeadLetter(), {
        id: r.id,
        eventId: r.event_id,
        type: `${r.record_type}.${r.action}`,
        recordId: toGlobalId(String(r.record_type), String(r.record_id)),
        agencyCode: r.agency_code,
        url: r.url,
        attempts: r.attempts,
        lastError: r.last_error ?? null,
        lastAttemptAt: r.last_attempt_at ? new Date(String(r.last_attempt_at)) : null,
      }),
    );
  }

  @Mutation(() => WebhookReplay, { description: 'Queues a dead-lettered delivery again from its first attempt (administrators); the event id is unchanged, so the receiver can de-duplicate.' })
  async replayWebhookDelivery(@Arg('input', { description: 'The delivery.' }) input: ReplayWebhookDeliveryInput, @Ctx() ctx: HubContext): Promise<WebhookReplay> {
    const id = input.id;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new HubError('BAD_USER_INPUT', 'Not a delivery id.', { field: ['id'] });
    await ctx.tx.begin();
    const [row] = await ctx.em.execute<{ ok: boolean }[]>(`select hub_replay_webhook_delivery(?::uuid) as ok`, [id]);
    if (!row?.ok) throw new HubError('NOT_FOUND', 'No dead-lettered delivery with that id.');
    return Object.assign(new WebhookReplay(), { id });
  }
}
