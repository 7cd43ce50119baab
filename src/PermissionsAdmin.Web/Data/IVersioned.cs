namespace PermissionsAdmin.Web.Data;

/// <summary>
/// An entity whose <see cref="Version"/> is its concurrency token: <see cref="AppDbContext"/> renews it on every save
/// that adds or changes the row, so a form (or an <c>If-Match</c>) that read an older one is refused instead of
/// overwriting that save.
/// </summary>
public interface IVersioned
{
    Guid Version { get; set; }
}
