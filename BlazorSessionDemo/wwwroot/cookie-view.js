// The /cookies page's "what page script sees": document.cookie, beside request.COOKIES (what the server received).
// HttpOnly cookies are in the second and never in the first. A file of its own, so the CSP stays script-src 'self'.
(() => {
  const show = () => {
    const target = document.getElementById('document-cookie');
    if (target) {
      target.textContent = document.cookie === '' ? '(empty)' : document.cookie;
    }
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', show);
  } else {
    show();
  }
  // Blazor's enhanced navigation swaps the page in without a load event.
  window.Blazor?.addEventListener?.('enhancedload', show);
})();
