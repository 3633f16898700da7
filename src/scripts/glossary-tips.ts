/** Escape hides the glossary tooltip under the pointer or focus until the reader moves on (WCAG 1.4.13). */
addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const term of document.querySelectorAll<HTMLElement>('.hb-term:hover, .hb-term:focus-within')) {
    term.classList.add('hb-term-dismissed');
    const reset = () => term.classList.remove('hb-term-dismissed');
    term.addEventListener('mouseleave', reset, { once: true });
    term.addEventListener('focusout', reset, { once: true });
  }
});
