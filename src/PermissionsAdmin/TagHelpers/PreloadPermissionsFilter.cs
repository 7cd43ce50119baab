using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PermissionsAdmin.TagHelpers;

/// <summary>Loads the user's permissions before a view or page renders, so <c>Perms[...]</c> in it never blocks.</summary>
internal sealed class PreloadPermissionsFilter(ViewPermissions perms) : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is ViewResult or PartialViewResult or PageResult) await perms.LoadAsync();
        await next();
    }
}
