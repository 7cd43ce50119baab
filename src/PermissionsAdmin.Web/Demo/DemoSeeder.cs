using Microsoft.AspNetCore.Identity;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Demo;

/// <summary>A demo account after seeding, with its password only when this run created it.</summary>
public sealed record SeededAccount(string UserName, string GroupName, string? Password)
{
    public bool Created => Password is not null;
}

public sealed record DemoSeedResult(IReadOnlyList<SeededAccount> Accounts, int PostsCreated);

/// <summary>
/// Creates one demo user per configured group, with random passwords, and sample posts by the creator (who, as author,
/// gets change and delete on them, as on any post they write: <see cref="PostAuthorship"/>). Idempotent:
/// existing users are left alone. All or nothing: a missing group fails the whole run and changes nothing.
/// Used by the <c>seed-demo</c> command and by the first-run setting <c>Demo:SeedOnFirstRun</c>.
/// </summary>
public sealed class DemoSeeder(
    AppDbContext db, UserManager<PermissionsUser> userManager, UserAdministration users, GroupAdministration groups,
    PostAuthorship authorship)
{
    public const string CreatorUserName = "creator";

    public static IReadOnlyList<(string UserName, string GroupName)> Accounts { get; } =
        [(CreatorUserName, "Creators"), ("subscriber", "Subscribers"), ("editor", "Editors")];

    public Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(() => SeedInTransactionAsync(cancellationToken), cancellationToken);

    private async Task<DemoSeedResult> SeedInTransactionAsync(CancellationToken cancellationToken)
    {
        var accounts = new List<SeededAccount>();
        PermissionsUser? newCreator = null;
        foreach (var (userName, groupName) in Accounts)
        {
            if (await userManager.FindByNameAsync(userName) is not null)
            {
                accounts.Add(new SeededAccount(userName, groupName, Password: null));
                continue;
            }
            var group = await groups.FindAsync(groupName);
            var password = DemoPassword.Generate();
            var user = await users.CreateAsync(userName, $"{userName}@example.com", password);
            await groups.AddMemberAsync(group, user);
            accounts.Add(new SeededAccount(userName, groupName, password));
            if (userName == CreatorUserName) newCreator = user;
        }
        // Only alongside a new creator: re-running never duplicates the samples or revives deleted ones.
        var postsCreated = newCreator is null ? 0 : await AddSamplePostsAsync(newCreator, cancellationToken);
        return new DemoSeedResult(accounts, postsCreated);
    }

    private async Task<int> AddSamplePostsAsync(PermissionsUser author, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        Post[] samples =
        [
            new Post
            {
                Title = "Welcome to the demo blog",
                Body = "This post is published, so everyone sees it on the home page. Sign in as creator, subscriber " +
                    "or editor to see how the menus and buttons change with each group's permissions.",
                IsPublished = true,
                CreatedAt = now.AddMinutes(-1),
            },
            new Post
            {
                Title = "A draft waiting for an editor",
                Body = "Creators write posts and edit their own, but only editors may publish, feature or retitle them.",
                CreatedAt = now,
            },
        ];
        foreach (var post in samples) await authorship.CreateAsync(post, author, cancellationToken);
        return samples.Length;
    }
}
