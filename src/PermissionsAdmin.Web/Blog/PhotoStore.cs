using PermissionsAdmin.Admin.Entities;

namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// Keeps uploaded photo files outside wwwroot (<c>{ContentRoot}/App_Data/uploads</c>, or the folder set in
/// <c>Photos:StoragePath</c>), so they are reachable only through the permission-checked image action.
/// Files are named by a new GUID plus the format's extension; nothing from the upload's own name is kept.
/// </summary>
public sealed class PhotoStore(IWebHostEnvironment environment, IConfiguration configuration) : IAdminFileStore
{
    public const long MaxBytes = 5 * 1024 * 1024;

    private string Folder => Path.Combine(
        environment.ContentRootPath, configuration["Photos:StoragePath"] ?? Path.Combine("App_Data", "uploads"));

    /// <summary>What is wrong with the upload, in words for the person who sent it; null when it is a usable image.</summary>
    public static async Task<string?> FindProblemAsync(IFormFile? file, CancellationToken cancellationToken = default)
    {
        if (file is null || file.Length == 0) return "Choose an image file to upload.";
        if (file.Length > MaxBytes) return $"The file is larger than {MaxBytes / (1024 * 1024)} MB.";
        var format = ImageFormat.ForExtension(file.FileName);
        if (format is null) return $"Only {ImageFormat.ExtensionList} files can be uploaded.";
        if (!string.Equals(file.ContentType, format.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return $"The file is named as a {format.Name} image but was sent as {file.ContentType}.";
        }
        var header = new byte[ImageFormat.SignatureLength];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        return format.HasSignature(header.AsMemory(0, read)) ? null : $"The file is named as a {format.Name} image, but its contents are not one.";
    }

    Task<string?> IAdminFileStore.FindProblemAsync(IFormFile file, CancellationToken cancellationToken) => FindProblemAsync(file, cancellationToken);

    /// <summary>Stores an upload that passed <see cref="FindProblemAsync"/>; returns the stored file name.</summary>
    public async Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken = default)
    {
        if (ImageFormat.ForExtension(file.FileName) is null)
        {
            throw new ArgumentException($"'{file.FileName}' is not an accepted image.", nameof(file));
        }
        Directory.CreateDirectory(Folder);
        var storedName = $"{Guid.NewGuid():N}{Path.GetExtension(file.FileName).ToLowerInvariant()}";
        await using var target = new FileStream(Path.Combine(Folder, storedName), FileMode.CreateNew);
        await file.CopyToAsync(target, cancellationToken);
        return storedName;
    }

    /// <summary>The stored file's path, or null when it is gone (or the name is not one this store made).</summary>
    public string? Find(string storedName)
    {
        if (Path.GetFileName(storedName) != storedName || ImageFormat.ForExtension(storedName) is null) return null;
        var path = Path.Combine(Folder, storedName);
        return File.Exists(path) ? path : null;
    }

    public void Delete(string stored)
    {
        if (Find(stored) is { } path) File.Delete(path);
    }
}
