import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, insertedRow, type FieldError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { listSectors, orderSectors } from '../trusts/index.ts';
import { linksBlockedReason } from './dates.ts';
import * as repo from './repository.ts';
import type { LinkRow, QuestionnaireRow } from './repository.ts';

// Open links: one per sector (or "any sector") of a questionnaire, each with a short,
// unguessable code in its URL and a QR code for posters.

export const ANY_SECTOR = '_any';
export const ANY_SECTOR_NAME = 'Any sector — respondents choose';

/** 12 URL-safe characters (72 random bits): cannot be guessed or enumerated. */
export function newLinkCode(): string {
  return randomBytes(9).toString('base64url');
}

export function linkUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/q/${code}`;
}

export type LinkOutcome = { ok: true; link: LinkRow } | { ok: false; errors: FieldError[] };

/** The round a link belongs to, as far as the rules for opening links need it. */
export interface LinkRound {
  status: string;
}

/** Refuses to make a link active in a round that is still planning (ConflictError). */
function assertLinksAllowed(round: LinkRound): void {
  const reason = linksBlockedReason(round.status);
  if (reason !== null) throw new ConflictError(reason);
}

export async function createLinksForEverySector(
  db: Database,
  trustId: string,
  actor: Actor,
  q: QuestionnaireRow,
  round: LinkRound,
): Promise<number> {
  assertLinksAllowed(round);
  return db.withTrust(trustId, async (tx) => {
    const [sectors, links] = await Promise.all([listSectors(tx), repo.listLinks(tx, q.id)]);
    const covered = new Set(links.map((l) => l.sectorKey ?? ANY_SECTOR));
    const wanted = [...sectors.map((s) => s.key), ANY_SECTOR].filter((key) => !covered.has(key));
    const created = await repo.insertLinks(
      tx,
      wanted.map((key) => ({
        trustId,
        questionnaireId: q.id,
        sectorKey: key === ANY_SECTOR ? null : key,
        code: newLinkCode(),
      })),
    );
    if (created.length > 0)
      await audit(tx, actor, {
        trustId,
        action: 'created questionnaire links',
        entity: 'questionnaire',
        entityId: q.id,
        details: { sectors: created.map((l) => l.sectorKey ?? 'any') },
      });
    return created.length;
  });
}

/** A link for one sector (null: any sector); refused if the sector is unknown or has one. */
export async function createLink(
  db: Database,
  trustId: string,
  actor: Actor,
  q: QuestionnaireRow,
  round: LinkRound,
  sectorKey: string | null,
  field = 'sector',
): Promise<LinkOutcome> {
  const blocked = linksBlockedReason(round.status);
  if (blocked !== null) return { ok: false, errors: [{ field, message: blocked }] };
  return db.withTrust(trustId, async (tx) => {
    const [sectors, links] = await Promise.all([listSectors(tx), repo.listLinks(tx, q.id)]);
    const sector = sectors.find((s) => s.key === sectorKey);
    if (sectorKey !== null && sector === undefined)
      return { ok: false, errors: [{ field, message: 'Select a sector from the list' }] };
    if (links.some((l) => l.sectorKey === sectorKey))
      return {
        ok: false,
        errors: [
          {
            field,
            message:
              sector === undefined
                ? 'This questionnaire already has a link for any sector'
                : `This questionnaire already has a link for ${sector.name}`,
          },
        ],
      };
    const [row] = await repo.insertLinks(tx, [
      { trustId, questionnaireId: q.id, sectorKey, code: newLinkCode() },
    ]);
    const link = insertedRow(row, 'a questionnaire link');
    await audit(tx, actor, {
      trustId,
      action: 'created questionnaire link',
      entity: 'questionnaire link',
      entityId: link.id,
      details: { questionnaireId: q.id, sector: sectorKey ?? 'any' },
    });
    return { ok: true, link };
  });
}

/**
 * Closes or reopens a link; null if there is no such link on this questionnaire. Reopening
 * in a round that is still planning is refused (ConflictError); closing is always allowed.
 */
export async function setLinkOpen(
  db: Database,
  trustId: string,
  actor: Actor,
  target: { q: QuestionnaireRow; round: LinkRound },
  linkId: string,
  open: boolean,
): Promise<LinkRow | null> {
  const { q, round } = target;
  if (open) assertLinksAllowed(round);
  return db.withTrust(trustId, async (tx) => {
    const link = await repo.findLink(tx, q.id, linkId);
    if (link === undefined) return null;
    if (await repo.setLinkClosed(tx, link.id, !open))
      await audit(tx, actor, {
        trustId,
        action: open ? 'reopened questionnaire link' : 'closed questionnaire link',
        entity: 'questionnaire link',
        entityId: link.id,
        details: { questionnaireId: q.id, sector: link.sectorKey ?? 'any' },
      });
    return (await repo.findLink(tx, q.id, linkId)) ?? null;
  });
}

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 1024 });
}

/**
 * Links in the product's sector order: the "any sector" link first, then the trust's sectors
 * in the order `sectors` gives them (orderSectors), then links for sectors since removed (by
 * key). A questionnaire is for one audience, so within it this is sector, then audience.
 */
export function orderLinks<L extends { sectorKey: string | null; code: string }>(
  links: readonly L[],
  sectors: readonly { key: string }[],
): L[] {
  const rank = (link: L) => {
    if (link.sectorKey === null) return -1;
    const i = sectors.findIndex((s) => s.key === link.sectorKey);
    return i === -1 ? sectors.length : i;
  };
  return [...links].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.sectorKey ?? '').localeCompare(b.sectorKey ?? '') ||
      a.code.localeCompare(b.code),
  );
}

/** A link as the pages and the API show it: with its sector's name and its address. */
export interface LinkView {
  link: LinkRow;
  /** The sector's name; null for the link where people choose their sector. */
  sector: string | null;
  url: string;
}

const viewOf = (baseUrl: string, sectors: readonly { key: string; name: string }[]) => {
  return (link: LinkRow): LinkView => ({
    link,
    sector:
      link.sectorKey === null
        ? null
        : (sectors.find((s) => s.key === link.sectorKey)?.name ?? link.sectorKey),
    url: linkUrl(baseUrl, link.code),
  });
};

/** The questionnaire's links in sector order (orderLinks), each with its sector and address. */
export async function linkViewsIn(
  tx: Tx,
  baseUrl: string,
  questionnaireId: string,
): Promise<LinkView[]> {
  const [links, sectors] = await Promise.all([
    repo.listLinks(tx, questionnaireId),
    listSectors(tx),
  ]);
  const ordered = orderSectors(sectors);
  return orderLinks(links, ordered).map(viewOf(baseUrl, ordered));
}

/** linkViewsIn, in the trust's scope. */
export function linkViews(
  db: Database,
  trustId: string,
  baseUrl: string,
  questionnaireId: string,
): Promise<LinkView[]> {
  return db.withTrust(trustId, (tx) => linkViewsIn(tx, baseUrl, questionnaireId));
}

/** One link of the questionnaire with its sector and address; undefined if it has no such link. */
export async function linkView(
  db: Database,
  trustId: string,
  baseUrl: string,
  target: { questionnaireId: string; linkId: string },
): Promise<LinkView | undefined> {
  return db.withTrust(trustId, async (tx) => {
    const link = await repo.findLink(tx, target.questionnaireId, target.linkId);
    return link === undefined ? undefined : viewOf(baseUrl, await listSectors(tx))(link);
  });
}
