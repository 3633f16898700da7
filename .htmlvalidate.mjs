// html-validate's rule set for the built site (tests/quality/html.test.ts runs it over every page).
// The recommended preset, minus rules that judge style or duplicate a better check, each with why.
export default {
  extends: ['html-validate:recommended'],
  rules: {
    // Astro writes void elements as <meta/>; both forms are valid HTML.
    'void-style': 'off',
    // Starlight's own buttons rely on the default type; ours set type="button". A recommendation, not validity.
    'no-implicit-button-type': 'off',
    // Starlight and Expressive Code set inline styles (custom properties per block); CSP allows them.
    'no-inline-style': 'off',
    // Accessibility is tested in the browser by axe-core (tests/quality/accessibility.test.ts), which
    // computes accessible names and landmarks from the rendered page rather than guessing from markup.
    'text-content': 'off',
    'unique-landmark': 'off',
    // Starlight's Steps component puts role="list" on <ol> on purpose: Safari drops list semantics
    // when list-style is none.
    'no-redundant-role': 'off',
    // Starlight's Tabs use role="presentation"; "none" is a synonym, this rule only prefers the spelling.
    'presentation-role-style': 'off',
    // "Page title | site name" runs past 70 characters; that is an SEO heuristic, not validity.
    'long-title': 'off',
    // HTML5 allows a raw "&" followed by a space ("DevOps & MLOps"), and any non-space id ("_top").
    'no-raw-characters': ['error', { relaxed: true }],
    'valid-id': ['error', { relaxed: true }],
  },
};
