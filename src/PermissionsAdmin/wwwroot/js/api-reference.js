// Draws the API reference page (ApiReferencePage.cs) from the OpenAPI document: the operations grouped by tag, each
// with its parameters, request body and answers, and every schema written as a JSON-like shape people can read.
(function () {
    'use strict';

    const script = document.currentScript;
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    const byId = id => document.getElementById(id);

    fetch(script.dataset.document, { headers: { Accept: 'application/json' } })
        .then(response => {
            if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
            return response.json();
        })
        .then(draw)
        .catch(error => { byId('api-loading').textContent = 'The OpenAPI document could not be loaded: ' + error.message; });

    function draw(doc) {
        const schemas = (doc.components && doc.components.schemas) || {};
        const operations = operationsByTag(doc);
        byId('api-title').textContent = doc.info.title;
        byId('api-description').innerHTML = prose(doc.info.description);
        byId('api-schemes').innerHTML = Object.entries((doc.components && doc.components.securitySchemes) || {})
            .map(([name, scheme]) => `<dt>${esc(schemeLabel(scheme))} <span class="text-body-secondary fw-normal">(${esc(name)})</span></dt>` +
                `<dd>${prose(scheme.description)}</dd>`)
            .join('');
        byId('api-nav').innerHTML = '<div class="api-nav-inner">' + [...operations].map(([tag, ops]) =>
            `<h2><a href="#tag-${slug(tag)}">${esc(tag)}</a></h2><ul>` +
            ops.map(op => `<li><a href="#${opAnchor(op)}"><span class="api-method api-${op.method}">${op.method.toUpperCase()}</span> <span>${breakable(op.path.replace(/^\/api\/v1/, ''))}</span></a></li>`).join('') +
            '</ul>').join('') + '<h2><a href="#schemas">Schemas</a></h2></div>';
        byId('api-operations').innerHTML = [...operations].map(([tag, ops]) =>
            `<section aria-labelledby="tag-${slug(tag)}"><h2 id="tag-${slug(tag)}">${esc(tag)}</h2>${ops.map(op => operation(op, schemas)).join('')}</section>`)
            .join('');
        byId('api-schemas').innerHTML = Object.keys(schemas).sort().map(name =>
            `<div class="api-card" id="schema-${slug(name)}"><h3>${esc(name)}</h3>${prose(schemas[name].description)}` +
            `<pre class="api-shape">${shape(schemas[name], schemas, 0, [name])}</pre></div>`).join('') +
            '<p class="text-body-secondary small"><code>?</code> after a name: the member may be left out. ' +
            '<code>"…"</code>: members named freely (a dictionary).</p>';
        // The page was drawn after the browser looked for the #fragment: look again.
        if (location.hash && byId(location.hash.slice(1))) byId(location.hash.slice(1)).scrollIntoView();
    }

    function operationsByTag(doc) {
        const groups = new Map((doc.tags || []).map(tag => [tag.name, []]));
        for (const [path, item] of Object.entries(doc.paths || {})) {
            for (const method of methods.filter(m => item[m])) {
                const op = Object.assign({ path: path, method: method }, item[method]);
                op.parameters = (item.parameters || []).concat(op.parameters || []);
                const tag = (op.tags && op.tags[0]) || 'Other';
                if (!groups.has(tag)) groups.set(tag, []);
                groups.get(tag).push(op);
            }
        }
        return new Map([...groups].filter(([, ops]) => ops.length > 0));
    }

    function operation(op, schemas) {
        let html = `<section class="api-card api-op" id="${opAnchor(op)}">` +
            `<h3><span class="api-method api-${op.method}">${op.method.toUpperCase()}</span> <code class="api-path">${esc(op.path)}</code></h3>` +
            `<p class="api-summary">${prose(op.summary)}</p>${op.description ? `<p>${prose(op.description)}</p>` : ''}`;
        if (op.parameters.length > 0) {
            html += '<h4>Parameters</h4><table class="table table-sm api-table"><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>' +
                op.parameters.map(p => `<tr><td class="api-name"><code>${esc(p.name)}</code>${p.required ? ' <span class="badge text-bg-light">required</span>' : ''}</td>` +
                    `<td>${esc(p.in)}</td><td class="api-type">${shape(p.schema || {}, schemas, 0, [])}</td><td>${prose(p.description)}</td></tr>`).join('') +
                '</tbody></table>';
        }
        if (op.requestBody) {
            html += '<h4>Request body</h4>' + Object.entries(op.requestBody.content || {}).map(([type, media]) => body(type, media, schemas)).join('');
        }
        html += '<h4>Responses</h4><table class="table table-sm api-table api-responses"><thead><tr><th>Status</th><th>Meaning and body</th></tr></thead><tbody>' +
            Object.keys(op.responses || {}).sort().map(status => response(status, op.responses[status], schemas)).join('') +
            '</tbody></table>';
        return html + '</section>';
    }

    function response(status, answer, schemas) {
        const headers = Object.entries(answer.headers || {})
            .map(([name, header]) => `<div class="api-header-note">Header <code>${esc(name)}</code>: ${prose(header.description)}</div>`).join('');
        const content = Object.entries(answer.content || {}).map(([type, media]) => body(type, media, schemas)).join('');
        return `<tr><td><span class="api-status api-status-${status[0]}">${esc(status)}</span></td>` +
            `<td>${prose(answer.description)}${headers}${content}</td></tr>`;
    }

    // Problem details are the same everywhere: name them; other bodies are written out in full.
    function body(type, media, schemas) {
        const schema = media.schema || {};
        const name = schema.$ref ? refName(schema.$ref) : null;
        if (type === 'application/problem+json' && name) return `<div class="api-media"><code>${esc(type)}</code> ${schemaLink(name)}</div>`;
        return `<div class="api-media"><code>${esc(type)}</code>${name ? ' ' + schemaLink(name) : ''}</div>` +
            `<pre class="api-shape">${shape(schema, schemas, 0, [])}</pre>`;
    }

    // A schema as a JSON-like shape: { "name": type, ... }, [ item ], "a" | "b"; references written out in place,
    // except one already being written (a cycle), which is named instead.
    function shape(schema, schemas, depth, seen) {
        if (schema.$ref) {
            const name = refName(schema.$ref);
            if (seen.includes(name) || !schemas[name]) return schemaLink(name);
            return shape(schemas[name], schemas, depth, seen.concat(name));
        }
        const alternatives = schema.oneOf || schema.anyOf;
        if (alternatives) return alternatives.map(s => shape(s, schemas, depth, seen)).join(' | ');
        if (schema.allOf) return schema.allOf.map(s => shape(s, schemas, depth, seen)).join(' & ');
        if (schema.enum) return schema.enum.map(value => `<span class="api-literal">${esc(JSON.stringify(value))}</span>`).join(' | ');
        const types = typesOf(schema);
        const nullable = types.includes('null') ? ' | <span class="api-type-name">null</span>' : '';
        if (types.includes('array')) return '[ ' + shape(schema.items || {}, schemas, depth, seen) + ' ]' + nullable;
        if (types.includes('object') || schema.properties || schema.additionalProperties) return object(schema, schemas, depth, seen) + nullable;
        const named = types.filter(t => t !== 'null');
        if (named.length === 0) return '<span class="api-type-name">any</span>';
        return named.map(t => `<span class="api-type-name">${esc(t)}</span>`).join(' | ') +
            (schema.format ? ` <span class="api-format">(${esc(schema.format)})</span>` : '') + nullable;
    }

    function object(schema, schemas, depth, seen) {
        const pad = '  '.repeat(depth + 1);
        const required = schema.required || [];
        const lines = Object.entries(schema.properties || {}).map(([name, property]) =>
            `${pad}<span class="api-prop">"${esc(name)}"</span>${!required.includes(name) ? '?' : ''}: ` +
            shape(property, schemas, depth + 1, seen) +
            (property.description ? ` <span class="api-comment">// ${esc(property.description)}</span>` : ''));
        if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
            lines.push(`${pad}<span class="api-prop">"…"</span>: ${shape(schema.additionalProperties, schemas, depth + 1, seen)}`);
        }
        return lines.length === 0 ? '{ }' : '{\n' + lines.join(',\n') + '\n' + '  '.repeat(depth) + '}';
    }

    // ASP.NET Core also accepts numbers written as strings ("type": ["integer", "string"] with a digits pattern):
    // a number is what a caller should send.
    function typesOf(schema) {
        const types = [].concat(schema.type || []);
        const numeric = types.includes('integer') || types.includes('number');
        return numeric && schema.pattern ? types.filter(t => t !== 'string') : types;
    }

    function schemeLabel(scheme) {
        if (scheme.type === 'http') return `HTTP ${scheme.scheme}: Authorization: ${capitalize(scheme.scheme)} ${scheme.bearerFormat || '…'}`;
        if (scheme.type === 'apiKey') return `${capitalize(scheme.in)} ${scheme.name}`;
        return scheme.type;
    }

    // A long path may wrap after a slash, never inside a name.
    function breakable(path) { return esc(path).replace(/\//g, '/<wbr>'); }
    function schemaLink(name) { return `<a class="api-schema-link" href="#schema-${slug(name)}">${esc(name)}</a>`; }
    function refName(ref) { return ref.slice(ref.lastIndexOf('/') + 1); }
    function opAnchor(op) { return 'op-' + slug(op.operationId || op.method + op.path); }
    function slug(text) { return String(text).replace(/[^A-Za-z0-9_-]+/g, '-'); }
    function capitalize(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

    // Descriptions are plain text with `code` in backticks.
    function prose(text) { return esc(text || '').replace(/`([^`]+)`/g, '<code>$1</code>'); }

    function esc(text) {
        return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
    }
})();
