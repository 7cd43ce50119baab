using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// A named control of a form as the page declares it: its element and type, and the constraints the browser would
/// enforce (length, range, the options of a select).
/// </summary>
internal sealed record HtmlControl(
    string Name, string Tag, string Type, string Value, int? MaxLength, string? Min, string? Max, IReadOnlyList<string> Options);

/// <summary>A form of a page, with the fields a browser would send as it stands (checked boxes, selected options).</summary>
internal sealed record HtmlForm(string Action, IReadOnlyList<(string Name, string Value)> Fields, IReadOnlySet<string> Names)
{
    public string Method { get; init; } = "post";

    public bool IsMultipart { get; init; }

    /// <summary>Every named control, buttons and file inputs included, in document order.</summary>
    public IReadOnlyList<HtmlControl> Controls { get; init; } = [];

    /// <summary>The POST forms of <paramref name="html"/>; an action-less form posts back to <paramref name="pagePath"/>.</summary>
    public static IReadOnlyList<HtmlForm> Parse(string html, string pagePath) =>
        ParseAll(html, pagePath).Where(form => form.Method == "post").ToList();

    /// <summary>Every form of <paramref name="html"/>, GET and POST.</summary>
    public static IReadOnlyList<HtmlForm> ParseAll(string html, string pagePath)
    {
        var document = new HtmlParser().ParseDocument(html);
        return document.Forms
            .Select(form => new HtmlForm(
                form.GetAttribute("action") is { Length: > 0 } action ? action : pagePath,
                Submitted(form),
                form.Elements.OfType<IHtmlElement>().Select(e => e.GetAttribute("name")).OfType<string>()
                    .Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal))
            {
                Method = string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase) ? "post" : "get",
                IsMultipart = string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase),
                Controls = ControlsOf(form),
            })
            .ToList();
    }

    /// <summary>The fields with <paramref name="name"/>'s values replaced by <paramref name="values"/>.</summary>
    public (string Name, string? Value)[] With(string name, params string[] values) =>
        Fields.Where(f => f.Name != name).Select(f => (f.Name, (string?)f.Value)).Concat(values.Select(v => (name, (string?)v))).ToArray();

    private static List<(string Name, string Value)> Submitted(IHtmlFormElement form)
    {
        var fields = new List<(string, string)>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked) fields.Add((name, input.Value));
                    break;
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("submit" or "button" or "file"):
                    fields.Add((name, input.Value));
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields.AddRange(select.Options.Where(o => o.IsSelected).Select(o => (name, o.Value)));
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } text:
                    fields.Add((name, text.Value));
                    break;
            }
        }
        return fields;
    }

    private static List<HtmlControl> ControlsOf(IHtmlFormElement form)
    {
        var controls = new List<HtmlControl>();
        foreach (var element in form.Elements.OfType<IHtmlElement>())
        {
            if (element.GetAttribute("name") is not { Length: > 0 } name) continue;
            var maxLength = int.TryParse(element.GetAttribute("maxlength"), out var length) ? length : (int?)null;
            controls.Add(element switch
            {
                IHtmlSelectElement select => new HtmlControl(name, "select", select.IsMultiple ? "select-multiple" : "select-one",
                    select.Value ?? "", null, null, null, select.Options.Select(o => o.Value).ToList()),
                IHtmlTextAreaElement text => new HtmlControl(name, "textarea", "textarea", text.Value, maxLength, null, null, []),
                IHtmlButtonElement button => new HtmlControl(name, "button", button.Type, button.Value, null, null, null, []),
                IHtmlInputElement input => new HtmlControl(name, "input", input.Type, input.Value, maxLength,
                    element.GetAttribute("min"), element.GetAttribute("max"), []),
                _ => new HtmlControl(name, element.LocalName, "", element.GetAttribute("value") ?? "", maxLength, null, null, []),
            });
        }
        return controls;
    }
}
