using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Controllers;

/// <summary>A published post as the public front page shows it.</summary>
public sealed record PublishedPost(int Id, string Title, string Body, string? AuthorName, DateTime CreatedAt);

public sealed record HomePage(IReadOnlyList<PublishedPost> Featured, IReadOnlyList<PublishedPost> Latest);

/// <summary>The public front page: published posts only, featured ones first. Open to everyone.</summary>
public sealed class HomeController(AppDbContext db) : Controller
{
    public const int LatestCount = 20;
    public const int FeaturedCount = 3;

    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        return View(new HomePage(
            Featured: await Published(featuredOnly: true).Take(FeaturedCount).ToListAsync(cancellationToken),
            Latest: await Published(featuredOnly: false).Take(LatestCount).ToListAsync(cancellationToken)));
    }

    private IQueryable<PublishedPost> Published(bool featuredOnly) =>
        db.Posts.AsNoTracking()
            .Where(p => p.IsPublished && (!featuredOnly || p.IsFeatured))
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Select(p => new PublishedPost(p.Id, p.Title, p.Body, p.Author != null ? p.Author.UserName : null, p.CreatedAt));
}
