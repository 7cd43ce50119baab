namespace PermissionsAdmin.Management;

/// <summary>
/// Brings the app's database up to date before a management command runs (and is what <c>migrate</c> does). The
/// default applies the context's EF Core migrations under the startup lock; an app that creates its schema another
/// way registers its own (scoped) after <c>AddPermissionsAdmin</c>.
/// </summary>
public interface IDatabaseMigrator
{
    Task MigrateAsync(CancellationToken cancellationToken = default);
}
