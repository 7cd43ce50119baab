// PermissionsAdmin administration: the colour mode (Bootstrap's data-bs-theme on <html>), set before the page paints:
// the one chosen with the header's Theme button, else the system's (prefers-color-scheme). Without scripts the admin
// is light.
(function () {
    'use strict';
    var key = 'permissionsadmin-theme';
    var modes = ['auto', 'light', 'dark'];
    var system = window.matchMedia('(prefers-color-scheme: dark)');
    var unstored = null; // the choice, while storage is refused: kept for this page only

    function chosen() {
        var mode;
        try {
            mode = localStorage.getItem(key);
        } catch (e) {
            mode = unstored;
        }
        return modes.indexOf(mode) > 0 ? mode : 'auto';
    }

    function apply() {
        var mode = chosen();
        var theme = mode === 'auto' ? (system.matches ? 'dark' : 'light') : mode;
        document.documentElement.setAttribute('data-bs-theme', theme);
        return { mode: mode, theme: theme };
    }

    apply();
    system.addEventListener('change', apply);

    document.addEventListener('DOMContentLoaded', function () {
        var button = document.getElementById('admin-theme');
        if (!button) return;
        function show(state) {
            var mode = window.adminText(state.mode);
            button.textContent = '\u25D0 ' + mode; // a half-filled circle: light and dark
            button.setAttribute('aria-label', window.adminText('Colour theme: {0}. Change',
                state.mode === 'auto' ? mode + ' (' + window.adminText(state.theme) + ')' : mode));
        }
        show(apply());
        button.hidden = false;
        button.addEventListener('click', function () {
            var next = modes[(modes.indexOf(chosen()) + 1) % modes.length];
            unstored = next;
            try {
                if (next === 'auto') localStorage.removeItem(key);
                else localStorage.setItem(key, next);
            } catch (e) { /* refused: chosen() falls back to unstored */ }
            show(apply());
        });
    });
})();
