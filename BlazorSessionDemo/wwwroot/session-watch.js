// Used by SessionEndWatcher: when the server says this page's session ended, go to the login page - unless this page
// is already leaving through a form it submitted (the logout button posts to /logout, which ends the very session the
// watcher hears about): that navigation is left to finish, with its own Set-Cookie and its own message.
(() => {
  let leaving = false;
  // Bubble phase on window: Blazor has handled the event by now, so a form it keeps on the page is defaultPrevented.
  window.addEventListener('submit', e => { if (!e.defaultPrevented) { leaving = true; } });
  window.addEventListener('pageshow', () => { leaving = false; });
  window.sessionWatch = {
    ended: url => { if (!leaving) { location.assign(url); } },
  };
})();
