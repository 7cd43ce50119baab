// PermissionsAdmin administration: the two-pane chooser (Django's filter_horizontal), the lists' select-all box, and
// suggestions as one types a foreign key or a user or group name. Everything works without this file: the chooser is
// then a plain multi-select, the boxes are ticked one by one, and ids and names are typed whole.
(function () {
    'use strict';
    var text = window.adminText;

    function el(tag, attributes, text) {
        var node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
        if (text !== undefined) node.textContent = text;
        return node;
    }

    // Turns <select multiple data-chooser="Label"> into "available" and "chosen" lists. The original select stays in
    // the form (hidden) and is what gets posted: moving an option only flips its "selected" flag there.
    function chooser(select) {
        var label = select.getAttribute('data-chooser') || 'items';
        var id = select.id;
        var items = Array.prototype.map.call(select.options, function (option) {
            var group = option.parentNode.tagName === 'OPTGROUP' ? option.parentNode.label : null;
            return {
                option: option,
                text: option.text,
                group: group,
                search: (option.text + ' ' + (option.getAttribute('data-keywords') || '') + ' ' + (group || '')).toLowerCase()
            };
        });

        var root = el('div', { 'class': items.length <= 8 ? 'chooser chooser-short' : 'chooser', role: 'group', 'aria-label': text('{0} chooser', label) });
        var available = el('div', { 'class': 'chooser-pane available' });
        var availableTitle = el('h3', { id: id + '_from_title' });
        var filterBox = el('div', { 'class': 'chooser-filter' });
        var filterLabel = el('label', { 'class': 'visually-hidden', 'for': id + '_filter' }, text('Filter available {0}', label.toLowerCase()));
        var filter = el('input', {
            type: 'search', 'class': 'form-control form-control-sm', id: id + '_filter', placeholder: text('Filter'),
            autocomplete: 'off', 'aria-describedby': id + '_keys'
        });
        filterBox.append(filterLabel, filter);
        var from = el('select', { multiple: '', 'class': 'form-select', id: id + '_from', 'aria-labelledby': id + '_from_title' });
        var chooseAll = el('button', { type: 'button', 'class': 'btn btn-link btn-sm p-0' }, text('Choose all'));
        var allBox = el('div', { 'class': 'chooser-all' });
        allBox.append(chooseAll);
        available.append(availableTitle, filterBox, from, allBox);

        var moves = el('div', { 'class': 'chooser-moves' });
        var add = el('button', { type: 'button', 'class': 'btn btn-sm btn-outline-primary', title: text('Choose the selected {0}', label.toLowerCase()) }, text('Choose') + ' →');
        var remove = el('button', { type: 'button', 'class': 'btn btn-sm btn-outline-secondary', title: text('Remove the selected {0}', label.toLowerCase()) }, '← ' + text('Remove'));
        moves.append(add, remove);

        var chosen = el('div', { 'class': 'chooser-pane chosen' });
        var chosenTitle = el('h3', { id: id + '_to_title' });
        var chosenHint = el('div', { 'class': 'chooser-filter chooser-hint' }, text('Double-click, Enter or Delete removes.'));
        var to = el('select', { multiple: '', 'class': 'form-select', id: id + '_to', 'aria-labelledby': id + '_to_title' });
        var removeAll = el('button', { type: 'button', 'class': 'btn btn-link btn-sm p-0' }, text('Remove all'));
        var removeBox = el('div', { 'class': 'chooser-all' });
        removeBox.append(removeAll);
        chosen.append(chosenTitle, chosenHint, to, removeBox);
        root.append(available, moves, chosen);

        var keys = el('div', { 'class': 'form-text', id: id + '_keys' },
            text('Type to filter. Double-click an item, or select items and press Enter or the arrow buttons, to move them.'));

        select.hidden = true;
        select.setAttribute('tabindex', '-1');
        select.parentNode.insertBefore(root, select);
        root.parentNode.insertBefore(keys, root.nextSibling);
        var fieldLabel = document.querySelector('label[for="' + id + '"]');
        if (fieldLabel) fieldLabel.setAttribute('for', filter.id);
        var noJsHelp = select.parentNode.querySelector('.chooser-nojs-help');
        if (noJsHelp) noJsHelp.hidden = true;

        function matches(item) {
            var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
            return words.every(function (word) { return item.search.indexOf(word) !== -1; });
        }

        function fill(list, wanted, keepSelected) {
            var previous = {};
            Array.prototype.forEach.call(list.selectedOptions, function (o) { previous[o.value] = true; });
            list.textContent = '';
            var groups = {};
            var count = 0;
            items.forEach(function (item) {
                if (!wanted(item)) return;
                count++;
                var option = el('option', { value: item.option.value }, item.text);
                if (keepSelected && previous[item.option.value]) option.selected = true;
                if (item.group === null) { list.append(option); return; }
                if (!groups[item.group]) {
                    groups[item.group] = el('optgroup', { label: item.group });
                    list.append(groups[item.group]);
                }
                groups[item.group].append(option);
            });
            return count;
        }

        function render(keepSelected) {
            var total = items.filter(function (i) { return !i.option.selected; }).length;
            var shown = fill(from, function (i) { return !i.option.selected && matches(i); }, keepSelected);
            var picked = fill(to, function (i) { return i.option.selected; }, keepSelected);
            availableTitle.textContent = text('Available {0}', label.toLowerCase()) + ' ';
            availableTitle.append(el('span', { 'class': 'chooser-count' }, shown === total ? '(' + total + ')' : '(' + text('{0} of {1}', shown, total) + ')'));
            chosenTitle.textContent = text('Chosen {0}', label.toLowerCase()) + ' ';
            chosenTitle.append(el('span', { 'class': 'chooser-count' }, '(' + picked + ')'));
        }

        function move(list, choose, all) {
            var values = {};
            Array.prototype.forEach.call(all ? list.options : list.selectedOptions, function (o) { values[o.value] = true; });
            var moved = 0;
            items.forEach(function (item) {
                if (values[item.option.value]) { item.option.selected = choose; moved++; }
            });
            if (moved) {
                render(false);
                select.dispatchEvent(new Event('change', { bubbles: true }));
            }
        }

        add.addEventListener('click', function () { move(from, true, false); });
        remove.addEventListener('click', function () { move(to, false, false); });
        chooseAll.addEventListener('click', function () { move(from, true, true); });
        removeAll.addEventListener('click', function () { move(to, false, true); });
        from.addEventListener('dblclick', function () { move(from, true, false); });
        to.addEventListener('dblclick', function () { move(to, false, false); });
        from.addEventListener('keydown', function (e) {
            if (e.key === 'Enter') { e.preventDefault(); move(from, true, false); }
        });
        to.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' || e.key === 'Delete' || e.key === 'Backspace') { e.preventDefault(); move(to, false, false); }
        });
        filter.addEventListener('input', function () { render(true); });
        filter.addEventListener('keydown', function (e) {
            if (e.key === 'Enter') {
                // Never submit the form from the filter box: choose what is selected (or the only match) instead.
                e.preventDefault();
                if (from.selectedOptions.length === 0 && from.options.length === 1) from.options[0].selected = true;
                move(from, true, false);
            } else if (e.key === 'ArrowDown' && from.options.length > 0) {
                e.preventDefault();
                from.focus();
                if (from.selectedIndex < 0) from.options[0].selected = true;
            }
        });
        render(false);
    }

    document.querySelectorAll('select[data-chooser]').forEach(chooser);

    // A foreign key to a large table, or a field of user or group names: as one types, the server's suggestions fill
    // the input's datalist. A foreign key's options hold the ids (what the form posts) and show the names; a names
    // field with a separator (a group's new members: "alice, bob") completes only the name being typed.
    function suggest(input) {
        var list = document.getElementById(input.getAttribute('list'));
        var separator = input.getAttribute('data-choices-separator');
        var timer;
        var asked = '';
        input.addEventListener('input', function () {
            clearTimeout(timer);
            var url = input.getAttribute('data-choices-url');
            var typed = input.value;
            var cut = separator ? typed.lastIndexOf(separator) + 1 : 0;
            var before = cut > 0 ? typed.slice(0, cut) + ' ' : '';
            var q = typed.slice(cut).trim();
            // A foreign key's box takes an id as typed: digits there are not a name to look up.
            if (!url || q === '' || (input.inputMode === 'numeric' && /^[0-9]+$/.test(q)) || url + q === asked) return;
            timer = setTimeout(function () {
                asked = url + q;
                fetch(url + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
                    .then(function (response) { return response.ok ? response.json() : []; })
                    .then(function (choices) {
                        list.replaceChildren.apply(list, choices.map(function (c) { return el('option', { value: before + c.value }, c.label); }));
                    });
            }, 200);
        });
    }
    document.querySelectorAll('input[list]').forEach(suggest);

    // A holder's kind (user, group, anyone) decides where the name field's suggestions come from.
    document.querySelectorAll('input[type=radio][data-choices-for]').forEach(function (radio) {
        var input = document.getElementById(radio.getAttribute('data-choices-for'));
        function follow() {
            if (!radio.checked) return;
            var url = radio.getAttribute('data-choices-url');
            if (url) input.setAttribute('data-choices-url', url);
            else input.removeAttribute('data-choices-url');
            document.getElementById(input.getAttribute('list')).replaceChildren();
        }
        radio.addEventListener('change', follow);
        follow();
    });

    // A table too wide for the screen scrolls in its box: the keyboard must reach the box to scroll it.
    document.querySelectorAll('.table-responsive').forEach(function (box) {
        if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
    });

    // The lists: a box that ticks every row, and a count of the ticked ones.
    var all = document.querySelector('[data-select-all]');
    var boxes = Array.prototype.slice.call(document.querySelectorAll('[data-row-check]'));
    var count = document.querySelector('[data-selection-count]');
    // "Select all N": offered once the whole page is ticked, when more rows match than the page shows.
    var across = document.querySelector('[data-select-across]');
    var acrossField = document.querySelector('[data-select-across-field]');
    function update() {
        var ticked = boxes.filter(function (b) { return b.checked; }).length;
        var wholePage = ticked > 0 && ticked === boxes.length;
        if (across) {
            if (!wholePage) acrossField.value = 'false';
            across.hidden = !wholePage || acrossField.value === 'true';
        }
        if (count) {
            count.textContent = acrossField && acrossField.value === 'true' ? across.getAttribute('data-selected')
                : ticked ? text('{0} of {1} selected', ticked, boxes.length) : '';
        }
        if (all) {
            all.checked = wholePage;
            all.indeterminate = ticked > 0 && ticked < boxes.length;
        }
    }
    if (across) {
        across.addEventListener('click', function () {
            acrossField.value = 'true';
            update();
        });
    }
    if (all) {
        all.addEventListener('change', function () {
            boxes.forEach(function (b) { b.checked = all.checked; });
            update();
        });
        // Ticked before this script ran (a click while the page was still loading): tick the rows too, rather than
        // let the count below untick it.
        if (all.checked) boxes.forEach(function (b) { b.checked = true; });
    }
    boxes.forEach(function (b) { b.addEventListener('change', update); });
    update();
})();
