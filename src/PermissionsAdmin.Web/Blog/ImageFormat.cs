namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// The image formats photos may have. An upload must agree on all three counts: the file name's extension, the
/// content type the browser sent, and the file's first bytes (so a renamed script is not served as an image).
/// </summary>
public sealed record ImageFormat(
    string Name, string ContentType, string[] Extensions, Func<ReadOnlyMemory<byte>, bool> HasSignature)
{
    /// <summary>Enough leading bytes to tell every format apart.</summary>
    public const int SignatureLength = 12;

    public static IReadOnlyList<ImageFormat> All { get; } =
    [
        new("PNG", "image/png", [".png"], header => header.Span.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        new("JPEG", "image/jpeg", [".jpg", ".jpeg"], header => header.Span.StartsWith((byte[])[0xFF, 0xD8, 0xFF])),
        new("GIF", "image/gif", [".gif"], header => header.Span.StartsWith("GIF87a"u8) || header.Span.StartsWith("GIF89a"u8)),
        new("WebP", "image/webp", [".webp"], header => header.Length >= 12 && header.Span.StartsWith("RIFF"u8) && header.Span[8..12].SequenceEqual("WEBP"u8)),
    ];

    /// <summary>".png, .jpg, .jpeg, .gif, .webp", for messages and the file input's accept list.</summary>
    public static string ExtensionList { get; } = string.Join(", ", All.SelectMany(f => f.Extensions));

    public static ImageFormat? ForExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return All.FirstOrDefault(f => f.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
    }
}
