using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

/// <summary>Changes made through the CLI land in the audit trail, marked as coming from the CLI.</summary>
public sealed class AuditTrailTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_changes_are_recorded_with_the_cli_as_actor(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        await Manage.SucceedAsync(db, "users", "create", "bob");
        await Manage.SucceedAsync(db, "users", "grant", "bob", "blog.change_post");

        var entries = await TestSite.QueryAsync(db, c => c.AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == "auth.user" && e.ObjectRepr == "bob").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditAction.Added, AuditAction.Changed], entries.Select(e => e.Action));
        Assert.All(entries, entry =>
        {
            Assert.Equal("cli", entry.Channel);
            Assert.Null(entry.ActorId);
            Assert.StartsWith("cli (", entry.ActorName);
        });
        Assert.Equal(["blog.change_post"], AuditChanges.FromJson(entries[1].Changes).PermissionsAdded);
    }
}
