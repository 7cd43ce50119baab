using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace PermissionsAdmin.TagHelpers;

/// <summary>
/// Removes an element the user may not see: <c>perms="blog.add_post"</c> (all listed, comma-separated),
/// <c>perms-any="blog.change_post, blog.delete_post"</c> (any one), and <c>perms-else="blog.add_post"</c> for the
/// element shown only to those who lack it. With <c>perms-object="@post"</c> the permissions are checked on that
/// object (model-level grants still cover it); prefetch a list's objects with
/// <see cref="Authorization.IObjectPermissionChecker.PrefetchAsync"/> so N rows cost one query.
/// Hiding is not access control: protect the target too.
/// </summary>
[HtmlTargetElement(Attributes = AllAttribute)]
[HtmlTargetElement(Attributes = AnyAttribute)]
[HtmlTargetElement(Attributes = ElseAttribute)]
public sealed class PermsTagHelper(ViewPermissions perms) : TagHelper
{
    private const string AllAttribute = "perms";
    private const string AnyAttribute = "perms-any";
    private const string ElseAttribute = "perms-else";

    /// <summary>
    /// Runs before other tag helpers. Razor still runs them on an element this one removes (a hidden form still builds
    /// its URL and antiforgery field), though not its children's: for such elements repeated on many rows, an
    /// <c>@if (Perms[…])</c> around them costs nothing when they are hidden.
    /// </summary>
    public override int Order => -1000;

    [HtmlAttributeName(AllAttribute)]
    public string? All { get; set; }

    [HtmlAttributeName(AnyAttribute)]
    public string? Any { get; set; }

    [HtmlAttributeName(ElseAttribute)]
    public string? Else { get; set; }

    /// <summary>The object the permissions are checked on.</summary>
    [HtmlAttributeName("perms-object")]
    [SuppressMessage("Naming", "CA1720:Identifier contains type name",
        Justification = "The object of object permissions, as its attribute perms-object says; any type of entity may be given.")]
    public object? Object { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var visible = true;
        if (All is not null) visible &= await HoldsAllAsync(Split(All));
        if (Any is not null) visible &= await HoldsAnyAsync(Split(Any));
        if (Else is not null) visible &= !await HoldsAllAsync(Split(Else));
        if (!visible) output.SuppressOutput();
    }

    private async Task<bool> HoldsAllAsync(string[] names)
    {
        foreach (var name in names)
        {
            if (!await HoldsAsync(name)) return false;
        }
        return true;
    }

    private async Task<bool> HoldsAnyAsync(string[] names)
    {
        foreach (var name in names)
        {
            if (await HoldsAsync(name)) return true;
        }
        return false;
    }

    private async Task<bool> HoldsAsync(string name) =>
        Object is null ? await perms.HasAsync(name) : await perms.HasAsync(name, Object);

    private static string[] Split(string names) =>
        names.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
