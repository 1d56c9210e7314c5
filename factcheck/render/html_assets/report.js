// factcheck HTML report: one hover card, shown for the claim under the pointer or with keyboard focus.
// The card's content is cloned from the page's own #card-sources: no HTML is ever built from strings.
(() => {
  "use strict";
  const card = document.getElementById("card");
  let shown = null;
  let timer = 0;

  const claimOf = (node) => (node instanceof Element ? node.closest("mark[data-card]") : null);

  function place(el) {
    const box = el.getClientRects()[0] || el.getBoundingClientRect();
    const width = card.offsetWidth;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    const below = box.bottom + 8;
    const fits = below + card.offsetHeight < window.innerHeight || box.top < card.offsetHeight + 16;
    card.style.left = `${left + window.scrollX}px`;
    card.style.top = `${(fits ? below : box.top - card.offsetHeight - 8) + window.scrollY}px`;
  }

  function show(el) {
    clearTimeout(timer);
    const source = document.getElementById(el.dataset.card);
    if (!source) return;
    if (shown !== source) {
      card.replaceChildren(...Array.from(source.cloneNode(true).childNodes));
      card.dataset.for = el.dataset.card;
      shown = source;
    }
    card.hidden = false;
    place(el);
  }

  function hide() {
    clearTimeout(timer);
    card.hidden = true;
    shown = null;
  }

  const hideSoon = () => { clearTimeout(timer); timer = setTimeout(hide, 250); };

  document.addEventListener("mouseover", (event) => {
    const el = claimOf(event.target);
    if (el) show(el);
    else if (!card.contains(event.target)) hideSoon();
  });
  card.addEventListener("mouseover", () => clearTimeout(timer));
  document.addEventListener("focusin", (event) => {
    const el = claimOf(event.target);
    if (el) show(el);
  });
  document.addEventListener("focusout", (event) => { if (claimOf(event.target)) hideSoon(); });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });

  function showTarget() {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const folded = target && target.closest("details:not([open])");
    if (folded) {
      folded.open = true;
      target.scrollIntoView();
    }
    const el = claimOf(target);
    if (el) window.setTimeout(() => show(el), 400);
  }
  window.addEventListener("hashchange", showTarget);
  if (location.hash) showTarget();
})();
