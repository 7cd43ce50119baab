using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Bench;

/// <summary>
/// The pages bench/run.sh measures. Not public, so MVC finds it only through <see cref="BenchPages"/>, which adds it
/// when <c>Bench:Enabled</c> is true. The three small pages are the same view: open, signed-in only, and behind a permission.
/// </summary>
[Route("bench")]
internal sealed class BenchController(QueryCounter queries) : Controller
{
    [HttpGet("open")]
    public IActionResult Open() => View("~/Bench/Views/Page.cshtml");

    /// <summary>The same page behind ASP.NET Core's own signed-in check: splits the framework's authorization cost from ours.</summary>
    [HttpGet("signed-in")]
    [Authorize]
    public IActionResult SignedIn() => View("~/Bench/Views/Page.cshtml");

    [HttpGet("protected")]
    [PermissionRequired("blog.view_post")]
    public IActionResult Protected() => View("~/Bench/Views/Page.cshtml");

    /// <summary>
    /// The floor under the posts list: its 20 rows read with EF Core and shown in the site's layout, without what the
    /// product adds (the count for the pager, the object grants, the row buttons). What no permissions work can beat.
    /// </summary>
    [HttpGet("floor")]
    public async Task<IActionResult> Floor([FromServices] AppDbContext db, CancellationToken cancellationToken) =>
        View("~/Bench/Views/Floor.cshtml", await db.Posts.AsNoTracking()
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(20)
            .Select(p => new PostListItem(p, p.Author != null ? p.Author.UserName : null))
            .ToListAsync(cancellationToken));

    /// <summary>A page whose view makes 20 permission checks (the perms tag helper).</summary>
    [HttpGet("checks")]
    public IActionResult Checks() => View("~/Bench/Views/Checks.cshtml");

    /// <summary>Database commands sent since the site started.</summary>
    [HttpGet("queries")]
    public IActionResult Queries() => Content(queries.Commands.ToString(CultureInfo.InvariantCulture));

    /// <summary>Bytes allocated by every thread since the site started: a page's allocations are the difference.</summary>
    [HttpGet("allocated")]
    public IActionResult Allocated() => Content(GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture));
}
