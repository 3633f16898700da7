/**
 * The handbook's frontmatter fields, merged into Starlight's docsSchema by src/content.config.ts.
 * Every rule a maintainer can break lives here, so `astro build` names the file and the field.
 */
import { z } from 'astro/zod';
import { CHAPTER_TRACKS, TRACK_IDS } from './tracks';

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const CHECKLIST_MIN = 6;
export const CHECKLIST_MAX = 12;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Allowed checklist links: an anchor on the page, a site path, or a web address. */
const LINK = /^(#[\w-]+|\/\S*|https:\/\/\S+)$/;

const checklistItem = z.strictObject({
  id: z.string({ error: 'every checklist item needs an id' }).regex(KEBAB, {
    error: 'a checklist id is kebab-case (lower-case letters, digits and single hyphens), e.g. "non-root-image"',
  }),
  text: z.string().trim().min(1, { error: 'a checklist item needs its text' }),
  detail: z.string().trim().min(1).optional(),
  link: z.string().regex(LINK, { error: 'a checklist link is an anchor (#…), a site path (/…) or an https:// address' }).optional(),
});

const checklist = z.array(checklistItem).superRefine((items, ctx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate checklist id "${item.id}": ids are unique within a chapter` });
    }
    seen.add(item.id);
  });
});

/**
 * @param knownSlugs every page slug in the docs collection, so prerequisites and next chapters
 *   that point nowhere fail the build instead of rendering a dead link.
 * @param today the latest acceptable `reviewed` date (a future one is a typo).
 */
export function handbookFields(knownSlugs: ReadonlySet<string>, today = new Date()) {
  const slugRef = z.string().refine((slug) => knownSlugs.has(slug), {
    error: (issue) => `no page has the slug "${String(issue.input)}" (write it like "devops/containers")`,
  });
  const latestReview = new Date(today.getTime() + 24 * 3600 * 1000);

  return z
    .object({
      track: z.enum(TRACK_IDS).optional(),
      /** Position in the track's learning order; also orders the sidebar. */
      order: z.number().int().nonnegative().optional(),
      /** Honest estimate for reading and doing the lab, in minutes. */
      minutes: z.number().int().positive().max(100 * 60).optional(),
      level: z.enum(LEVELS).optional(),
      prerequisites: z.array(slugRef).default([]),
      /** Named nextChapters because Starlight's own `next` is the pagination link. */
      nextChapters: z.array(slugRef).default([]),
      reviewed: z.coerce
        .date()
        .max(latestReview, { error: 'the reviewed date is in the future' })
        .optional(),
      /** Tool name -> version the page was checked against, e.g. { Kubernetes: "1.34" }. */
      checkedAgainst: z.record(z.string().min(1), z.string().min(1)).optional(),
      checklist: checklist.default([]),
    })
    .superRefine((page, ctx) => {
      if (!page.track || !CHAPTER_TRACKS.includes(page.track)) return;
      const required = ['order', 'minutes', 'level', 'reviewed', 'checkedAgainst'] as const;
      for (const field of required) {
        if (page[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a ${page.track} chapter needs "${field}"` });
      }
      if (page.checkedAgainst && !Object.keys(page.checkedAgainst).length) {
        ctx.addIssue({ code: 'custom', path: ['checkedAgainst'], message: 'name at least one tool and version the chapter was checked against' });
      }
      const count = page.checklist.length;
      if (count < CHECKLIST_MIN || count > CHECKLIST_MAX) {
        ctx.addIssue({
          code: 'custom',
          path: ['checklist'],
          message: `a chapter has ${CHECKLIST_MIN} to ${CHECKLIST_MAX} checklist items, this one has ${count}`,
        });
      }
    });
}

export type HandbookFields = z.infer<ReturnType<typeof handbookFields>>;

/** A page's track must match its top folder, so URLs and tracks never disagree. Null when fine. */
export function trackProblem(id: string, track: string | undefined): string | null {
  const folder = id.split('/')[0] ?? '';
    if (track && track !== folder) return `track is "${track}" but the page is not under ${track}/ (it is "${id}")`;
  if (!track && id.includes('/') && CHAPTER_TRACKS.includes(folder)) return `track is missing: pages under ${folder}/ declare "track: ${folder}"`;
  return null;
}
