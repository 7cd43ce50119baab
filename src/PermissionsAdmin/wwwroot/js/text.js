// PermissionsAdmin administration: the words the scripts write, in the page's language. The layout lists them in
// <script type="application/json" id="admin-strings"> (English text → translation); a word missing there stays English.
(function () {
    'use strict';
    var strings = null;

    // adminText('Chosen {0}', 'groups'): the translation, with {0}, {1}… replaced by the arguments that follow.
    window.adminText = function (key) {
        if (strings === null) {
            var block = document.getElementById('admin-strings');
            strings = block ? JSON.parse(block.textContent) : {};
        }
        var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
        for (var i = 1; i < arguments.length; i++) text = text.split('{' + (i - 1) + '}').join(String(arguments[i]));
        return text;
    };
})();
