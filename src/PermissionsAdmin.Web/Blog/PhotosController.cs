using Microsoft.AspNetCore.Mvc;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

/// <summary>The photo grid, uploads, and the image files themselves, which need the same permission as the grid.</summary>
[Route("photos")]
public sealed partial class PhotosController(AppDbContext db, PhotoStore store, ILogger<PhotosController> logger) : Controller
{
    public const int PageSize = 24;

    [HttpGet("")]
    [PermissionRequired("blog.view_photo")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default)
    {
        var photos = db.Photos
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Select(p => new PhotoListItem(p.Id, p.Title, p.CreatedAt));
        return View(await PagedList.ReadAsync(photos, page, PageSize, cancellationToken));
    }

    [HttpGet("upload")]
    [PermissionRequired("blog.add_photo")]
    public IActionResult Upload() => View(new PhotoUploadForm());

    [HttpPost("upload")]
    [PermissionRequired("blog.add_photo")]
    public async Task<IActionResult> Upload(PhotoUploadForm form, CancellationToken cancellationToken)
    {
        if (await PhotoStore.FindProblemAsync(form.File, cancellationToken) is { } problem)
        {
            ModelState.AddModelError(nameof(form.File), problem);
        }
        if (!ModelState.IsValid) return View(form);

        var storedName = await store.SaveAsync(form.File!, cancellationToken);
        var photo = new Photo { Title = form.Title!.Trim(), Url = storedName };
        db.Photos.Add(photo);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // No row points at the file: don't leave it behind.
            store.Delete(storedName);
            throw;
        }
        TempData.SetStatusMessage($"Photo “{photo.Title}” uploaded.");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/image")]
    [PermissionRequired("blog.view_photo")]
    public async Task<IActionResult> Image(int id, CancellationToken cancellationToken)
    {
        var photo = await db.Photos.FindAsync([id], cancellationToken);
        if (photo is null) return NotFound();
        var path = store.Find(photo.Url);
        if (path is null)
        {
            LogMissingFile(logger, photo.Id, photo.Url);
            return NotFound();
        }
        // The type comes from our own list, never from the upload; nosniff stops browsers from second-guessing it.
        Response.Headers.XContentTypeOptions = "nosniff";
        // Browsers revalidate every time (a cheap 304), so a revoked permission takes effect at once.
        Response.Headers.CacheControl = "private, no-cache";
        return new PhysicalFileResult(path, ImageFormat.ForExtension(photo.Url)!.ContentType)
        {
            LastModified = System.IO.File.GetLastWriteTimeUtc(path),
        };
    }

    [LoggerMessage(1, LogLevel.Warning, "Photo {PhotoId} points at missing file '{File}'.")]
    private static partial void LogMissingFile(ILogger logger, int photoId, string file);
}
