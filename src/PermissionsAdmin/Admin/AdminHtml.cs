using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PermissionsAdmin.Admin;

/// <summary>A step of the breadcrumb; the last one has no link.</summary>
internal sealed record Crumb(string Text, string? Url = null);

/// <summary>
/// The admin's form controls, written once so that every input has its label, its error (aria-describedby) and the
/// same Bootstrap markup. Values are HTML-encoded.
/// </summary>
internal static class AdminHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static IHtmlContent TextField(
        ModelStateDictionary state, string name, string label, string? value, string type = "text", bool required = false,
        int? maxLength = null, string? help = null, bool disabled = false, string? autocomplete = null, bool autofocus = false)
    {
        var id = "id_" + name;
        var error = Error(state, name);
        var describedBy = string.Join(' ', new[] { help is null ? null : id + "_help", error is null ? null : id + "_error" }.OfType<string>());
        var html = new HtmlContentBuilder();
        html.AppendHtml($"<div class=\"mb-3\"><label class=\"form-label{(required ? " required" : "")}\" for=\"{id}\">{E(label)}</label>");
        html.AppendHtml($"<input class=\"form-control{(error is null ? "" : " is-invalid")}\" type=\"{type}\" id=\"{id}\" name=\"{E(name)}\"");
        if (type != "password") html.AppendHtml($" value=\"{E(value ?? "")}\"");
        if (required) html.AppendHtml(" required");
        if (maxLength is { } max) html.AppendHtml($" maxlength=\"{max.ToString(CultureInfo.InvariantCulture)}\"");
        if (disabled) html.AppendHtml(" disabled");
        if (autofocus) html.AppendHtml(" autofocus");
        if (autocomplete is not null) html.AppendHtml($" autocomplete=\"{E(autocomplete)}\"");
        if (describedBy.Length > 0) html.AppendHtml($" aria-describedby=\"{describedBy}\"");
        if (error is not null) html.AppendHtml(" aria-invalid=\"true\"");
        html.AppendHtml(">");
        if (error is not null) html.AppendHtml($"<div class=\"invalid-feedback\" id=\"{id}_error\">{E(error)}</div>");
        if (help is not null) html.AppendHtml($"<div class=\"form-text\" id=\"{id}_help\">{E(help)}</div>");
        html.AppendHtml("</div>");
        return html;
    }

    /// <summary>
    /// A checkbox posting "true" when ticked and "false" otherwise. A locked one is shown disabled and posts its current
    /// value, so the editor cannot change it from the form (the service refuses a forged change anyway).
    /// </summary>
    public static IHtmlContent Checkbox(ModelStateDictionary state, string name, string label, bool value, string? help = null, bool locked = false)
    {
        var id = "id_" + name;
        var error = Error(state, name);
        var html = new HtmlContentBuilder();
        html.AppendHtml("<div class=\"form-check mb-2\">");
        html.AppendHtml($"<input class=\"form-check-input{(error is null ? "" : " is-invalid")}\" type=\"checkbox\" id=\"{id}\" value=\"true\"");
        html.AppendHtml(locked ? "" : $" name=\"{E(name)}\"");
        if (value) html.AppendHtml(" checked");
        if (locked) html.AppendHtml(" disabled");
        if (help is not null) html.AppendHtml($" aria-describedby=\"{id}_help\"");
        html.AppendHtml($"><label class=\"form-check-label\" for=\"{id}\">{E(label)}</label>");
        html.AppendHtml($"<input type=\"hidden\" name=\"{E(name)}\" value=\"{(locked && value ? "true" : "false")}\">");
        if (help is not null) html.AppendHtml($"<div class=\"form-text mt-0\" id=\"{id}_help\">{E(help)}</div>");
        if (error is not null) html.AppendHtml($"<div class=\"invalid-feedback d-block\">{E(error)}</div>");
        html.AppendHtml("</div>");
        return html;
    }

    /// <summary>The form's errors that belong to no single field, as one alert.</summary>
    public static IHtmlContent FormErrors(ModelStateDictionary state, string key = "")
    {
        var errors = state.TryGetValue(key, out var entry) && entry is not null ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        if (errors.Count == 0) return HtmlString.Empty;
        var html = new HtmlContentBuilder();
        html.AppendHtml("<div class=\"alert alert-danger\" role=\"alert\" data-form-errors>");
        if (errors.Count == 1) html.AppendHtml(E(errors[0]));
        else html.AppendHtml("<ul class=\"mb-0\">" + string.Concat(errors.Select(e => $"<li>{E(e)}</li>")) + "</ul>");
        html.AppendHtml("</div>");
        return html;
    }

    public static bool HasFieldErrors(ModelStateDictionary state) =>
        state.Any(e => e.Key.Length > 0 && e.Value is { Errors.Count: > 0 });

    public static string? Error(ModelStateDictionary state, string name) =>
        state.TryGetValue(name, out var entry) && entry is { Errors.Count: > 0 } ? entry.Errors[0].ErrorMessage : null;

    /// <summary>A UTC time as the admin shows it (<see cref="Localization.AdminFormats.When"/> adds "never" for none).</summary>
    public static string When(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A UTC time in a list column whose header says UTC.</summary>
    public static string Short(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string E(string value) => Encoder.Encode(value);
}
