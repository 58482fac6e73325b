// Accessibility fixes to the theme's markup, found by axe-core (tests/site):
// - a button's accessible name must contain the text it shows
//   (label-content-name-mismatch): icons are hidden from screen readers, the
//   search field is named by its visible text ("Search Ctrl+K"), and so are the
//   "Show code cell input" toggles (their label said "Toggle hidden content");
// - all content must be inside a landmark (region): the primary sidebar, which
//   holds the book's title and table of contents, becomes one.
function nnbookAccessibility() {
  for (const icon of document.querySelectorAll("button i, a.btn i, .pst-navbar-icon i")) {
    icon.setAttribute("aria-hidden", "true");
    icon.removeAttribute("title");
  }
  for (const field of document.querySelectorAll(".search-button-field[aria-label]")) {
    field.setAttribute("aria-label", field.innerText.replace(/\s+/g, " ").trim());
  }
  for (const toggle of document.querySelectorAll("details > summary[aria-label]")) {
    if (toggle.innerText.trim()) {
      toggle.removeAttribute("aria-label");
    }
  }
  const sidebar = document.querySelector(".bd-sidebar-primary");
  if (sidebar && !sidebar.hasAttribute("role")) {
    sidebar.setAttribute("role", "navigation");
    sidebar.setAttribute("aria-label", "Book");
  }
}

// Now, and again once the theme's own scripts have run.
nnbookAccessibility();
window.addEventListener("load", nnbookAccessibility);
