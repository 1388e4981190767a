/* global document, localStorage, matchMedia */
// Applies the saved theme (or the system preference) to <html> before the app loads.
(function () {
  try {
    var saved = localStorage.getItem('cloudact-theme');
    var dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('dark', dark);
  } catch {
    /* storage blocked: keep the light theme */
  }
})();
