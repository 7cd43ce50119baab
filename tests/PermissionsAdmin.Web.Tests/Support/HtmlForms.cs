using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>A POST form of a page, with the fields a browser would send as it stands (checked boxes, selected options).</summary>
internal sealed record HtmlForm(string Action, IReadOnlyList<(string Name, string Value)> Fields, IReadOnlySet<string> Names)
{
    /// <summary>The POST forms of <paramref name="html"/>; an action-less form posts back to <paramref name="pagePath"/>.</summary>
    public static IReadOnlyList<HtmlForm> Parse(string html, string pagePath)
    {
        var document = new HtmlParser().ParseDocument(html);
        return document.Forms
            .Where(form => string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase))
            .Select(form => new HtmlForm(
                form.GetAttribute("action") is { Length: > 0 } action ? action : pagePath,
                Submitted(form),
                form.Elements.OfType<IHtmlElement>().Select(e => e.GetAttribute("name")).OfType<string>()
                    .Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal)))
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
}
