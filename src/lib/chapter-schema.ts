/**
 * The handbook's frontmatter fields, merged into Starlight's docsSchema by src/content.config.ts.
 * Every rule a maintainer can break lives here, so `astro build` names the file and the field.
 */
import { z } from 'astro/zod';
import { TRACK_IDS, isChapterTrack } from './tracks';

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const CHECKLIST_MIN = 6;
export const CHECKLIST_MAX = 12;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Allowed checklist links: an anchor on the page, a site path, or a web address. */
const LINK = /^(#[\w-]+|\/(?!\/)\S*|https:\/\/\S+)$/;

const checklistItem = z.strictObject({
  id: z.string({ error: 'every checklist item needs an id' }).max(80, { error: 'a checklist id is at most 80 characters' }).regex(KEBAB, {
    error: 'a checklist id is kebab-case (lower-case letters, digits and single hyphens), e.g. "non-root-image"',
  }),
  text: z.string().trim().min(1, { error: 'a checklist item needs its text' }),
  detail: z.string().trim().min(1).optional(),
  link: z.string().regex(LINK, { error: 'a checklist link is an anchor (#…), a site path (/…) or an https:// address' }).optional(),
});

/** Ids that must stay unique in a list: the path of every repeat gets an issue naming it. */
function uniqueIds<T extends { id: string }>(what: string, scope: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((entry, index) => {
      if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate ${what} id "${entry.id}": ids are unique within ${scope}` });
      seen.add(entry.id);
    });
  };
}

const kebabId = (what: string, example: string) =>
  z.string({ error: `every ${what} needs an id` }).max(80, { error: `a ${what} id is at most 80 characters` }).regex(KEBAB, {
    error: `a ${what} id is kebab-case (lower-case letters, digits and single hyphens), e.g. "${example}"`,
  });

export const QUESTIONS_MIN = 4;
export const QUESTIONS_MAX = 8;
export const CHOICES_MIN = 2;
export const CHOICES_MAX = 6;

const choice = z.strictObject({
  id: kebabId('choice', 'rebuild-image'),
  /** Inline Markdown: `code`, **bold**, *emphasis*, [links](/path/). */
  text: z.string().trim().min(1, { error: 'a choice needs its text' }),
  correct: z.boolean().default(false),
  /** Why this choice is right or wrong: every choice explains itself. */
  why: z.string({ error: 'every choice needs "why": the explanation of why it is right or wrong' }).trim().min(10, { error: 'a choice\'s "why" is a real explanation (a sentence at least)' }),
  /** The section that teaches this choice, when it is not the question's. */
  link: z.string().regex(LINK, { error: 'a link is an anchor (#…), a site path (/…) or an https:// address' }).optional(),
});

const question = z
  .strictObject({
    id: kebabId('question', 'promote-by-digest'),
    /** Inline Markdown. When several choices are right the page says so next to the question. */
    question: z.string({ error: 'a question needs its "question" text' }).trim().min(10),
    /** An optional excerpt shown under the question: a command, a config, a log. */
    code: z.strictObject({ lang: z.string().min(1).default('txt'), text: z.string().min(1) }).optional(),
    /** The section of the chapter (or another page) that teaches the answer. */
    teaches: z.string({ error: 'a question needs "teaches": the anchor or page of the section that teaches it' }).regex(LINK, {
      error: '"teaches" is an anchor (#…), a site path (/…) or an https:// address',
    }),
    choices: z
      .array(choice)
      .min(CHOICES_MIN, { error: `a question has ${CHOICES_MIN} to ${CHOICES_MAX} choices` })
      .max(CHOICES_MAX, { error: `a question has ${CHOICES_MIN} to ${CHOICES_MAX} choices` })
      .superRefine(uniqueIds('choice', 'a question')),
  })
  .superRefine((entry, ctx) => {
    if (!entry.choices.some((option) => option.correct)) {
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'mark at least one choice "correct: true"' });
    }
  });

export const knowledgeCheckSchema = z.array(question).superRefine(uniqueIds('question', 'a chapter'));
export type KnowledgeQuestion = z.output<typeof question>;

/** A row of the chapter's "Tools landscape" table; the tool index is built from these. */
const tool = z.strictObject({
  name: z.string().trim().min(1, { error: 'a tool needs its name' }),
  /** Inline Markdown. */
  purpose: z.string().trim().min(1, { error: 'say what the tool is for ("purpose")' }),
  /** Inline Markdown: when to pick it. */
  pick: z.string().trim().min(1, { error: 'say when to pick the tool ("pick")' }),
});

const checklist = z.array(checklistItem).superRefine(uniqueIds('checklist', 'a chapter'));

/**
 * @param today the latest acceptable `reviewed` date (a future one is a typo).
 * Whether prerequisites, next chapters and links point at real pages and headings is checked with the
 * whole site in view, by page-rules.ts.
 */
export function handbookFields(today = new Date()) {
  const slugRef = z.string().regex(/^[^/\s#?][^\s#?]*[^/\s#?]$|^[^/\s#?]$/, { error: 'a page is named by its slug, like "devops/containers" (no leading or trailing slash)' });
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
      /** The chapter's knowledge check: shown by <KnowledgeCheck /> before the checklist. */
      knowledgeCheck: knowledgeCheckSchema.default([]),
      /** The "Tools landscape" table, shown by <ToolsTable />, and the tool index's source. */
      tools: z.array(tool).default([]),
    })
    .superRefine((page, ctx) => {
      if (!isChapterTrack(page.track)) return;
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
      const questions = page.knowledgeCheck.length;
      if (questions && (questions < QUESTIONS_MIN || questions > QUESTIONS_MAX)) {
        ctx.addIssue({
          code: 'custom',
          path: ['knowledgeCheck'],
          message: `a chapter's knowledge check has ${QUESTIONS_MIN} to ${QUESTIONS_MAX} questions, this one has ${questions}`,
        });
      }
    });
}

export type HandbookFields = z.infer<ReturnType<typeof handbookFields>>;
