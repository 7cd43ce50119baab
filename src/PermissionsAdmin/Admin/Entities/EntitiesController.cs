using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Admin.Objects;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>
/// The pages of the registered entities, with Django's admin's rules: view or change opens the list and an object's
/// page, only change saves it, add adds, delete deletes (and every type the delete cascades to needs it too). The
/// permission is checked before the object is looked up, so an id tells nothing to someone who may not see the type.
/// </summary>
[Route("{app}")]
public sealed class EntitiesController(
    PermissionsDbContext db, AdminEntities entities, PermissionCatalogue catalogue, AuditLog audit, IObjectPermissionChecker objects,
    SubstringSearch search,
    TimeProvider clock)
    : AdminController
{
    /// <summary>A foreign key's table with more rows than this is chosen by typing, not from a list.</summary>
    public const int ListedChoices = 100;

    public const string IncompleteForm = "The form is incomplete (its concurrency token is missing); reload the page and try again.";

    private readonly Dictionary<AdminField, IReadOnlyList<FilterChoice>?> _choices = [];

    [HttpGet("")]
    public async Task<IActionResult> App(string app)
    {
        var visible = (await entities.VisibleToAsync(Rights, db, objects, User, Aborted)).Where(e => e.AppLabel == app).ToList();
        return visible.Count == 0 ? NotFoundPage(T["app"]) : View(new EntityAppPage(app, visible));
    }

    [HttpGet("{model}")]
    public async Task<IActionResult> List(string app, string model)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        // Without model-level view, only the objects granted to the user, and only if there are some.
        var byGrants = !Rights.CanView(entity);
        if (byGrants && !(entity.UsesObjectPermissions && await entity.AnyGrantedAsync(db, objects, User, Aborted))) return Forbidden();
        if (RefuseUnknownParameters(EntityListQuery.Parameters(entity)) is { } refused) return refused;
        var query = EntityListQuery.From(Request, entity);
        var result = await entity.ListAsync(db, search, query, byGrants ? (objects, User) : null, clock.GetUtcNow().UtcDateTime, Aborted);
        var filters = new List<ListFilter>();
        foreach (var field in entity.Filters)
        {
            var choices = field.Kind == FieldKind.ForeignKey ? await ForeignKeyChoicesAsync(field) ?? [] : EntityFilters.Choices(field);
            filters.Add(new ListFilter(field, choices));
        }
        var listed = result.Rows.Select(row => new EntityRow(entity.IdOf(row), entity.Display(row), entity.Columns.Select(c => Cell(c, row)).ToList())).ToList();
        return View(new EntityListPage(entity, query, listed, result, filters));
    }

    [HttpGet("{model}/add")]
    public async Task<IActionResult> Add(string app, string model)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        if (!Rights.CanAdd(entity)) return Forbidden();
        return View("Edit", await FormPageAsync(entity, entity.Create(), id: null, canSave: true, canDelete: false, posted: null));
    }

    [HttpPost("{model}/add")]
    public async Task<IActionResult> Add(string app, string model, string? next)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        if (!Rights.CanAdd(entity)) return Forbidden();
        return await SaveAsync(entity, entity.Create(), id: null, new ObjectRights(false, true, false), next);
    }

    [HttpGet("{model}/{id:int}")]
    public async Task<IActionResult> Change(string app, string model, int id)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        var (refusal, target, rights) = await OpenAsync(entity, id, Rights.CanView(entity), r => r.View, track: false);
        return refusal ?? View("Edit", await FormPageAsync(entity, target!, id, rights.Change, rights.Delete, posted: null));
    }

    [HttpPost("{model}/{id:int}")]
    public async Task<IActionResult> Change(string app, string model, int id, string? next)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        var (refusal, target, rights) = await OpenAsync(entity, id, Rights.CanChange(entity), r => r.Change, track: true);
        return refusal ?? await SaveAsync(entity, target!, id, rights, next);
    }

    /// <summary>Suggestions for a foreign key chooser: objects whose name holds <paramref name="q"/>, as JSON.</summary>
    [HttpGet("{model}/choices/{field}")]
    public async Task<IActionResult> Choices(string app, string model, string field, string? q)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        if (!Rights.CanAdd(entity) && !Rights.CanChange(entity) &&
            !(entity.UsesObjectPermissions && await entity.AnyGrantedAsync(db, objects, User, Aborted)))
        {
            return Forbidden();
        }
        if (entity.Fields.FirstOrDefault(f => f.Name == field && f is { Kind: FieldKind.ForeignKey, IsReadOnly: false }) is not { } chooser)
        {
            return NotFoundPage(T["field"]);
        }
        var rows = await EntityRows.WhereInAsync(db, chooser.ForeignKey!.PrincipalEntityType, chooser.ForeignKey.PrincipalKey.Properties[0],
            values: null, (search, q), track: false, SuggestedChoices, Aborted);
        return Json(rows.Select(r => ChoiceOf(chooser, r)));
    }

    [HttpGet("{model}/{id:int}/delete")]
    public async Task<IActionResult> Delete(string app, string model, int id)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        var (refusal, target, rights) = await OpenAsync(entity, id, Rights.CanDelete(entity), r => r.Delete, track: true);
        return refusal ?? DeletePage(entity, [id], entity.Display(target!), await PlanAsync(entity, [target!], rights.Delete));
    }

    [HttpPost("{model}/{id:int}/delete")]
    public async Task<IActionResult> DeleteConfirmed(string app, string model, int id)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        var (refusal, target, rights) = await OpenAsync(entity, id, Rights.CanDelete(entity), r => r.Delete, track: true);
        if (refusal is not null) return refusal;
        var name = entity.Display(target!);
        var plan = await PlanAsync(entity, [target!], rights.Delete);
        if (!plan.MayDelete) return DeletePage(entity, [id], name, plan);
        await DeleteAsync(entity, [target!], plan);
        Success(T["The {0} “{1}” was deleted successfully.", entity.Name, name]);
        return Redirect(Url.AdminList(entity));
    }

    /// <summary>
    /// The list's "Delete selected" action: without <paramref name="confirmed"/>, the confirmation listing what goes;
    /// with it, the delete (the confirmation's form posts it).
    /// </summary>
    [HttpPost("{model}/delete")]
    public async Task<IActionResult> DeleteSelected(string app, string model, List<int>? ids, bool confirmed)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        if (!Rights.CanDelete(entity)) return Forbidden();
        var chosen = (ids ?? []).Distinct().ToList();
        if (chosen.Count == 0)
        {
            Error(T["Items must be selected in order to perform actions on them. No items have been changed."]);
            return Redirect(Url.AdminList(entity));
        }
        if (chosen.Count > entity.PageSize)
        {
            return Problem(T["Select at most {0} {1} at a time.", entity.PageSize, entity.PluralName], statusCode: StatusCodes.Status400BadRequest);
        }
        var targets = await entity.FindManyAsync(db, chosen, Aborted);
        var plan = await PlanAsync(entity, targets, rootsGranted: true);
        var found = targets.Select(entity.IdOf).ToList();
        if (found.Count == 0)
        {
            Error(T["None of the selected {0} exist any more. No items have been changed.", entity.PluralName]);
            return Redirect(Url.AdminList(entity));
        }
        if (!confirmed || !plan.MayDelete) return DeletePage(entity, found, name: null, plan);
        await DeleteAsync(entity, targets, plan);
        Success(T["Successfully deleted {0} {1}.", targets.Count, targets.Count == 1 ? entity.Name : entity.PluralName]);
        return Redirect(Url.AdminList(entity));
    }

    [HttpGet("{model}/{id:int}/history")]
    public async Task<IActionResult> History(string app, string model, int id, int page = 1)
    {
        if (entities.Find(app, model) is not { } entity) return NotFoundPage(T["page"]);
        var (refusal, target, _) = await OpenAsync(entity, id, Rights.CanView(entity), r => r.View, track: false);
        if (refusal is not null) return refusal;
        var (rows, hasNext) = await AuditQueries.ObjectPageAsync(db, entity.ObjectType, id, page, PageSize);
        return View("~/Admin/Views/Shared/ObjectHistory.cshtml", new ObjectHistoryPage(entity.Name, id, entity.Display(target!), Url.AdminChange(entity, id),
            rows, Math.Max(1, page), hasNext, new Crumb(Capitalized(entity.PluralName), Url.AdminList(entity))));
    }

    internal static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private ViewResult DeletePage(AdminEntity entity, IReadOnlyList<int> ids, string? name, DeletionPlan plan)
    {
        var view = View("Delete", new EntityDeletePage(entity, ids, name, plan));
        // Refused: the page says why; a POST that insisted is forbidden.
        if (!plan.MayDelete && Request.Method == HttpMethods.Post) view.StatusCode = StatusCodes.Status403Forbidden;
        return view;
    }

    /// <summary>What deleting <paramref name="targets"/> takes; <paramref name="rootsGranted"/>: the user may delete the targets themselves (by an object grant, say).</summary>
    private Task<DeletionPlan> PlanAsync(AdminEntity entity, IReadOnlyList<object> targets, bool rootsGranted) =>
        DeletionPlan.CollectAsync(db, entities, catalogue, p => Rights.Has(p) || (rootsGranted && p == entity.DeletePermission),
            entity.EntityType, targets, Aborted);

    /// <summary>What the user may do with one object: model-level permissions, or its object grants where the entity uses them.</summary>
    private sealed record ObjectRights(bool View, bool Change, bool Delete);

    /// <summary>
    /// Loads object <paramref name="id"/> for a page that needs <paramref name="needed"/>. Model-level holders
    /// (<paramref name="modelLevel"/>) are told an unknown id does not exist; everyone else gets 403 for it as
    /// for an object they hold nothing on, so an id tells them nothing.
    /// </summary>
    private async Task<(IActionResult? Refusal, object? Target, ObjectRights Rights)> OpenAsync(
        AdminEntity entity, int id, bool modelLevel, Func<ObjectRights, bool> needed, bool track)
    {
        var none = new ObjectRights(false, false, false);
        if (!modelLevel && !entity.UsesObjectPermissions) return (Forbidden(), null, none);
        var target = await entity.FindAsync(db, id, track, Aborted);
        if (target is null)
        {
            if (!modelLevel) return (Forbidden(), null, none);
            return (HttpMethods.IsGet(Request.Method) ? Gone(entity.Name, id, Url.AdminList(entity)) : NotFoundPage(entity.Name), null, none);
        }
        var rights = await RightsOnAsync(entity, target);
        return needed(rights) ? (null, target, rights) : (Forbidden(), null, none);
    }

    private async Task<ObjectRights> RightsOnAsync(AdminEntity entity, object target)
    {
        var (view, change, delete) = (Rights.CanView(entity), Rights.CanChange(entity), Rights.CanDelete(entity));
        if (!entity.UsesObjectPermissions || (view && change && delete)) return new ObjectRights(view, change, delete);
        var held = await objects.GetPermissionsAsync(User, target, Aborted);
        bool Holds(string? permission) => permission is not null && held.Contains(permission);
        change |= Holds(entity.ChangePermission);
        return new ObjectRights(view || change || Holds(entity.ViewPermission), change, delete || Holds(entity.DeletePermission));
    }

    /// <summary>The objects, what cascades from them and their grants, with one audit entry per object chosen, in one transaction.</summary>
    private Task DeleteAsync(AdminEntity entity, IReadOnlyList<object> targets, DeletionPlan plan) => db.InTransactionAsync(async () =>
    {
        foreach (var target in targets) audit.Record(entity.ObjectType, entity.IdOf(target), entity.Display(target), AuditAction.Deleted);
        plan.RemoveAll(db);
        await db.SaveChangesAsync(Aborted);
    }, Aborted);

    /// <summary>
    /// Reads the posted fields the user may change, of the object and of its inline children, then refuses the form
    /// (400, errors under the fields) or saves everything with its audit entries in one transaction. Fields the user
    /// may not change keep their value whatever was posted.
    /// </summary>
    private async Task<IActionResult> SaveAsync(AdminEntity entity, object target, int? id, ObjectRights rights, string? next)
    {
        var adding = id is null;
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(Aborted) : FormCollection.Empty;
        var edits = new List<Edit>();
        var parentEdit = new Edit(entity, target, adding ? AuditAction.Added : AuditAction.Changed, []);
        foreach (var field in Editable(entity, adding)) await ReadAsync(parentEdit, field, field.Name, form);
        edits.Add(parentEdit);
        var complete = adding || ReadTokens(parentEdit, "", form);
        var inlines = new List<(AdminInline Inline, List<object> Children)>();
        foreach (var inline in entity.Inlines.Where(i => Rights.CanView(i.Child)))
        {
            var children = adding ? [] : await ChildrenAsync(inline, id!.Value, track: true);
            inlines.Add((inline, children));
            // How many rows the page showed: none posted is none; anything but a count the page could show is tampering.
            var posted = form[$"{inline.Prefix}-TOTAL"].ToString();
            var rows = 0;
            if (posted.Length > 0 && !(int.TryParse(posted, out rows) && rows >= 0 && rows <= children.Count + inline.Extra))
            {
                ModelState.AddModelError("", T["The {0} part of the form was changed or is out of date. Reload the page and try again.", inline.Child.PluralName]);
                rows = 0;
            }
            for (var row = 0; row < rows; row++)
            {
                var prefix = $"{inline.Prefix}-{row}-";
                if (int.TryParse(form[prefix + "Id"], out var childId))
                {
                    // Only this object's own children; another id (forged, or deleted meanwhile) is left alone.
                    if (children.FirstOrDefault(c => inline.Child.IdOf(c) == childId) is not { } child) continue;
                    if (form[prefix + "DELETE"] == "true" && Rights.CanDelete(inline.Child))
                    {
                        var deletion = new Edit(inline.Child, child, AuditAction.Deleted, []);
                        complete &= ReadTokens(deletion, prefix, form);
                        edits.Add(deletion);
                        continue;
                    }
                    if (!Rights.CanChange(inline.Child)) continue;
                    var edit = new Edit(inline.Child, child, AuditAction.Changed, []);
                    foreach (var field in Editable(inline, adding: false)) await ReadAsync(edit, field, prefix + field.Name, form);
                    complete &= ReadTokens(edit, prefix, form);
                    edits.Add(edit);
                }
                else if (Rights.CanAdd(inline.Child) && Editable(inline, adding: true).Any(f => f.Kind != FieldKind.Boolean && !string.IsNullOrWhiteSpace(form[prefix + f.Name])))
                {
                    var edit = new Edit(inline.Child, inline.Child.Create(), AuditAction.Added, []);
                    foreach (var field in Editable(inline, adding: true)) await ReadAsync(edit, field, prefix + field.Name, form);
                    inline.Navigation.GetCollectionAccessor()!.Add(target, edit.Target, forMaterialization: false);
                    edits.Add(edit);
                }
            }
        }
        if (!complete) ModelState.AddModelError("", T[IncompleteForm]);
        if (!ModelState.IsValid) return await RefusedAsync(StatusCodes.Status400BadRequest);
        var stored = new List<(IAdminFileStore Store, string Name)>();
        foreach (var edit in edits)
        {
            foreach (var (field, file, store) in edit.Uploads)
            {
                var name = await store.SaveAsync(file, Aborted);
                stored.Add((store, name));
                edit.Values.Add((field, name, null));
            }
            foreach (var (field, value, name) in edit.Values)
            {
                var before = field.Get(edit.Target);
                if (Equals(before, value)) continue;
                if (field.IsSecret)
                {
                    edit.Changes.Secret(field.Label);
                }
                else
                {
                    var beforeText = field.Kind == FieldKind.ForeignKey && before is not null ? await PrincipalNameAsync(field, before) : before;
                    edit.Changes.Field(field.Label, beforeText, name ?? value);
                }
                field.Set(edit.Target, value);
            }
            // The save's UPDATE or DELETE then matches only the row as the form read it.
            foreach (var (token, value) in edit.Tokens) db.Entry(edit.Target).Property(token.Property).OriginalValue = value;
        }
        int savedId;
        try
        {
            savedId = await SaveEditsAsync(entity, target, adding, edits);
        }
        catch (Exception e)
        {
            // No row points at the files stored for this save: don't leave them behind.
            foreach (var (store, name) in stored) store.Delete(name);
            if (e is not DbUpdateConcurrencyException conflict) throw;
            // Someone else saved (or deleted) a row of the form since it was read; the transaction wrote nothing.
            var entry = conflict.Entries[0];
            var what = edits.FirstOrDefault(edit => edit.Target == entry.Entity) is { } stale
                ? T["the {0} “{1}”", stale.Entity.Name, stale.Entity.Display(entry.OriginalValues.ToObject())]
                : T["this {0}", entity.Name];
            ModelState.AddModelError("", T["Someone else changed {0} since you opened it; nothing was saved. Reload and try again.", what]);
            return await RefusedAsync(StatusCodes.Status409Conflict);
        }
        var done = adding
            ? T["The {0} “{1}” was added successfully.", entity.Name, entity.Display(target)]
            : T["The {0} “{1}” was changed successfully.", entity.Name, entity.Display(target)];
        switch (next)
        {
            case "continue":
                Success(done + " " + T["You may edit it again below."]);
                return Redirect(Url.AdminChange(entity, savedId));
            case "add":
                Success(done + " " + T["You may add another {0} below.", entity.Name]);
                return Redirect(Url.AdminAdd(entity));
            default:
                Success(done);
                return Redirect(Url.AdminList(entity));
        }

        // The form again, with what was posted and the errors; nothing staged is kept.
        async Task<IActionResult> RefusedAsync(int status)
        {
            db.ChangeTracker.Clear();
            var refused = View("Edit", await FormPageAsync(entity, target, id, rights.Change, rights.Delete, form));
            refused.StatusCode = status;
            return refused;
        }
    }

    /// <summary>The object and its inline children saved with their audit entries, in one transaction; returns the object's id.</summary>
    private Task<int> SaveEditsAsync(AdminEntity entity, object target, bool adding, List<Edit> edits) => db.InTransactionAsync(async () =>
    {
        if (adding) db.Add(target);
        foreach (var edit in edits.Where(e => e.Action == AuditAction.Deleted))
        {
            audit.Record(edit.Entity.ObjectType, edit.Entity.IdOf(edit.Target), edit.Entity.Display(edit.Target), AuditAction.Deleted);
            db.Remove(edit.Target);
        }
        await db.SaveChangesAsync(Aborted);
        foreach (var edit in edits.Where(e => e.Action != AuditAction.Deleted))
        {
            audit.Record(edit.Entity.ObjectType, edit.Entity.IdOf(edit.Target), edit.Entity.Display(edit.Target), edit.Action, edit.Changes);
        }
        await db.SaveChangesAsync(Aborted);
        return entity.IdOf(target);
    }, Aborted);

    /// <summary>One object a save adds, changes or deletes, and the values read for it (with a foreign key's object name).</summary>
    private sealed record Edit(AdminEntity Entity, object Target, AuditAction Action, List<(AdminField Field, object? Value, string? Name)> Values)
    {
        public AuditChanges Changes { get; } = new();

        /// <summary>The concurrency tokens' values the form was read with.</summary>
        public List<(AdminField Token, object? Value)> Tokens { get; } = [];

        /// <summary>Files that passed their store's checks, stored once the whole form is valid.</summary>
        public List<(AdminField Field, IFormFile File, IAdminFileStore Store)> Uploads { get; } = [];
    }

    /// <summary>Reads one posted field into <paramref name="edit"/>, or adds its error under <paramref name="input"/>.</summary>
    private async Task ReadAsync(Edit edit, AdminField field, string input, IFormCollection form)
    {
        if (field.Kind == FieldKind.File)
        {
            await ReadFileAsync(edit, field, input, form);
            return;
        }
        // A secret's input starts blank: left so, the stored value stays (a new object's required one must be given).
        if (field.IsSecret && string.IsNullOrWhiteSpace(form[input]) && !(edit.Action == AuditAction.Added && field.Required)) return;
        var (value, error) = field.Parse(form[input].FirstOrDefault(), edit.Target, T);
        string? name = null;
        if (error is null && value is not null && field.Kind == FieldKind.ForeignKey)
        {
            name = await PrincipalNameAsync(field, value);
            if (name is null) error = T["Select a valid choice. That choice is not one of the available choices."];
        }
        if (error is not null) ModelState.AddModelError(input, error);
        else edit.Values.Add((field, value, name));
    }

    /// <summary>Reads the concurrency tokens of <paramref name="edit"/>'s object from the form; false when one is missing or unreadable.</summary>
    private static bool ReadTokens(Edit edit, string prefix, IFormCollection form)
    {
        foreach (var token in edit.Entity.ConcurrencyTokens)
        {
            if (form[prefix + token.Name] is not { Count: 1 } posted || !token.TryParseToken(posted[0], out var value)) return false;
            edit.Tokens.Add((token, value));
        }
        return true;
    }

    /// <summary>An upload checked by the field's store; none keeps an existing object's file, and is refused for a new one's required field.</summary>
    private async Task ReadFileAsync(Edit edit, AdminField field, string input, IFormCollection form)
    {
        if (form.Files.GetFile(input) is not { Length: > 0 } file)
        {
            if (edit.Action == AuditAction.Added && field.Required) ModelState.AddModelError(input, T["Choose a file to upload."]);
            return;
        }
        var store = (IAdminFileStore)HttpContext.RequestServices.GetRequiredService(field.FileStore!);
        if (await store.FindProblemAsync(file, Aborted) is { } problem) ModelState.AddModelError(input, problem);
        else edit.Uploads.Add((field, file, store));
    }

    /// <summary>The fields this user may set: on a new object every editable one, on an existing one those their field permissions allow.</summary>
    private IEnumerable<AdminField> Editable(AdminEntity entity, bool adding) =>
        entity.Fieldsets.SelectMany(s => s.Fields).Where(f => !f.IsReadOnly && (adding || Rights.CanChange(f)));

    private IEnumerable<AdminField> Editable(AdminInline inline, bool adding) =>
        inline.Fields.Where(f => !f.IsReadOnly && (adding || Rights.CanChange(f)));

    private async Task<List<object>> ChildrenAsync(AdminInline inline, int parentId, bool track) =>
        (await EntityRows.WhereInAsync(db, inline.Child.EntityType, inline.ForeignKey.Properties[0], [parentId], search: null, track, int.MaxValue, Aborted))
            .OrderBy(inline.Child.IdOf).ToList();

    private async Task<EntityFormPage> FormPageAsync(AdminEntity entity, object target, int? id, bool canSave, bool canDelete, IFormCollection? posted)
    {
        var adding = id is null;
        var editable = canSave ? Editable(entity, adding).ToHashSet() : [];
        var sections = new List<EntityFormSection>();
        foreach (var fieldset in entity.Fieldsets)
        {
            var fields = new List<EntityFormField>();
            foreach (var field in fieldset.Fields) fields.Add(await FormFieldAsync(entity, field, field.Name, target, !editable.Contains(field), posted));
            sections.Add(new EntityFormSection(fieldset.Title == AdminFieldset.OtherTitle ? T[AdminFieldset.OtherTitle] : fieldset.Title, fields));
        }
        var inlines = new List<InlineSection>();
        foreach (var inline in entity.Inlines.Where(i => Rights.CanView(i.Child)))
        {
            var rows = new List<InlineRow>();
            var children = adding ? [] : await ChildrenAsync(inline, id!.Value, track: false);
            var canChange = canSave && Rights.CanChange(inline.Child);
            var changeable = canChange ? Editable(inline, adding: false).ToHashSet() : [];
            foreach (var child in children)
            {
                var prefix = $"{inline.Prefix}-{rows.Count}-";
                var fields = new List<EntityFormField>();
                foreach (var field in inline.Fields) fields.Add(await FormFieldAsync(inline.Child, field, prefix + field.Name, child, !changeable.Contains(field), posted));
                rows.Add(new InlineRow(prefix, inline.Child.IdOf(child), inline.Child.Display(child), fields, canSave ? Tokens(inline.Child, prefix, child, posted) : [],
                    canSave && Rights.CanDelete(inline.Child), posted?[prefix + "DELETE"].ToString() == "true"));
            }
            if (canSave && Rights.CanAdd(inline.Child))
            {
                var addable = Editable(inline, adding: true).ToHashSet();
                for (var extra = 0; extra < inline.Extra; extra++)
                {
                    var prefix = $"{inline.Prefix}-{rows.Count}-";
                    var blank = inline.Child.Create();
                    var fields = new List<EntityFormField>();
                    foreach (var field in inline.Fields) fields.Add(await FormFieldAsync(inline.Child, field, prefix + field.Name, blank, !addable.Contains(field), posted));
                    rows.Add(new InlineRow(prefix, null, null, fields, [], CanDelete: false, Deleting: false));
                }
            }
            inlines.Add(new InlineSection(inline, rows));
        }
        // The object permissions page asks model-level change itself.
        var objectPage = id is { } objectId && Rights.CanChange(entity) ? Url.AdminObject(entity.ContentType, objectId) : null;
        var tokens = canSave && !adding ? Tokens(entity, "", target, posted) : [];
        return new EntityFormPage(entity, id, adding ? null : entity.Display(target), sections, tokens, inlines, canSave, canDelete, objectPage);
    }

    /// <summary>The object's concurrency tokens as read, or as posted: a refused form keeps the version it was opened on.</summary>
    private static List<TokenInput> Tokens(AdminEntity entity, string prefix, object target, IFormCollection? posted) =>
        entity.ConcurrencyTokens.Select(token => new TokenInput(prefix + token.Name,
            posted is not null ? posted[prefix + token.Name].ToString() : token.TokenText(token.Get(target)))).ToList();

    private async Task<EntityFormField> FormFieldAsync(AdminEntity entity, AdminField field, string input, object target, bool readOnly, IFormCollection? posted)
    {
        var value = field.Get(target);
        // A file input cannot be given its value back: it shows the stored one. A secret is never sent to the browser.
        var text = field.IsSecret ? ""
            : posted is not null && !readOnly && field.Kind != FieldKind.File ? posted[input].FirstOrDefault() ?? "" : field.Format(value);
        IReadOnlyList<FilterChoice>? choices = null;
        string? choicesUrl = null;
        if (!readOnly && field.Kind == FieldKind.ForeignKey)
        {
            choices = await ForeignKeyChoicesAsync(field);
            if (choices is null) choicesUrl = Url.Action(nameof(Choices), new { app = entity.AppLabel, model = entity.Model, field = field.Name });
        }
        else if (!readOnly && field.Kind is FieldKind.Enum or FieldKind.NullableBoolean)
        {
            choices = EntityFilters.Choices(field);
        }
        // A foreign key's object is named by its choice when the list of them was read, else by a query of its own.
        var shown = field.Kind == FieldKind.ForeignKey && value is not null && !field.IsSecret
            ? choices?.FirstOrDefault(c => c.Value == field.Format(value))?.Label ?? await PrincipalNameAsync(field, value) ?? field.Show(value, T)
            : field.Show(value, T);
        return new EntityFormField(field, input, text, shown, readOnly, choices, choicesUrl, Stored: value is not (null or ""));
    }

    /// <summary>
    /// Every row of a foreign key's table as a choice, or null when it has more than <see cref="ListedChoices"/>; read
    /// once per request, however many inline rows have the field.
    /// </summary>
    private async Task<IReadOnlyList<FilterChoice>?> ForeignKeyChoicesAsync(AdminField field)
    {
        if (_choices.TryGetValue(field, out var read)) return read;
        var rows = await EntityRows.WhereInAsync(db, field.ForeignKey!.PrincipalEntityType, field.ForeignKey.PrincipalKey.Properties[0],
            values: null, search: null, track: false, ListedChoices + 1, Aborted);
        return _choices[field] = rows.Count > ListedChoices
            ? null
            : rows.Select(r => ChoiceOf(field, r)).OrderBy(c => c.Label, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>A row of a foreign key's table as a choice: its key as the field holds it, and its name.</summary>
    private FilterChoice ChoiceOf(AdminField field, object row) =>
        new(field.Format(field.ForeignKey!.PrincipalKey.Properties[0].GetGetter().GetClrValue(row)), entities.NameOf(field.ForeignKey.PrincipalEntityType, row));

    private async Task<string?> PrincipalNameAsync(AdminField field, object key)
    {
        var principal = field.ForeignKey!.PrincipalEntityType;
        var rows = await EntityRows.WhereInAsync(db, principal, field.ForeignKey.PrincipalKey.Properties[0], [key], search: null, track: false, 1, Aborted);
        return rows.Count == 0 ? null : entities.NameOf(principal, rows[0]);
    }

    private string Cell(AdminColumn column, object row)
    {
        if (column.Computed is { } computed) return Convert.ToString(computed.GetValue(row), CultureInfo.InvariantCulture) ?? "—";
        if (column.Navigation is { } navigation)
        {
            var related = navigation.GetGetter().GetClrValue(row);
            return related is null ? "—" : entities.NameOf(navigation.TargetEntityType, related);
        }
        return column.Field!.Show(column.Field.Get(row), T);
    }
}
