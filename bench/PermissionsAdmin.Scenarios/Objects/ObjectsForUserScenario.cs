using System.Collections;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Scenarios.Objects;

/// <summary>
/// Objects-for-user among 1,000,000 object grants (see <see cref="GrantSeeder"/>): the ids of the posts user 1 may
/// change, held directly and through a group, materialised. Target: one SQL statement, under 20 ms. Baseline: a
/// primary-key lookup of one post. Both in a new scope per run, with the user's permissions already cached, as on a
/// warm site.
/// </summary>
internal static class ObjectsForUserScenario
{
    private const string Permission = "blog.change_post";

    public static async Task<(IReadOnlyList<Result> Results, string Explained)> RunAsync(string server, int runs)
    {
        await using var database = await ScenarioDatabase.CreateAsync(server, "bench_objects");
        var counter = new QueryCounter { KeepsCommands = true };
        using var host = ScenarioHost.Build<BlogDbContext>(database.ConnectionString, counter);
        await host.InScopeAsync((BlogDbContext db) => db.Database.EnsureCreatedAsync());
        await host.SyncPermissionsAsync();
        Progress.Report($"objects: seeding {GrantSeeder.Grants:N0} object grants");
        await GrantSeeder.SeedAsync(database.ConnectionString);

        var user = await PrincipalAsync(host, userId: 1);
        var found = await ObjectsForUserAsync(host, user);
        if (found.Count != GrantSeeder.ExpectedObjects)
        {
            throw new InvalidOperationException($"Expected {GrantSeeder.ExpectedObjects} posts for user 1, found {found.Count}.");
        }

        Progress.Report($"objects: {runs} runs");
        var lookup = await Samples.MeasureAsync(counter, runs, () => host.InScopeAsync((BlogDbContext db) =>
            db.Posts.Where(p => p.Id == GrantSeeder.Posts / 2).Select(p => p.Id).SingleAsync()));
        var objects = await Samples.MeasureAsync(counter, runs, () => ObjectsForUserAsync(host, user));
        var statement = counter.SentCommands[^1];
        var plan = await QueryPlan.ExplainAsync(database.ConnectionString, statement);

        return (
        [
            new("baseline: post by primary key (new scope)", lookup),
            new($"objects-for-user: {GrantSeeder.ExpectedObjects} of {GrantSeeder.Posts:N0} posts, {GrantSeeder.Grants:N0} grants", objects, lookup,
                "target: 1 statement, < 20 ms"),
        ], Describe(statement, plan));
    }

    private static string Describe(SentCommand statement, IReadOnlyList<string> plan) => new StringBuilder()
        .AppendLine("Objects-for-user SQL (as EF Core sent it):").AppendLine()
        .AppendLine("```sql").AppendLine(statement.Text).AppendLine("```")
        .AppendLine("Parameters: " + string.Join(", ", statement.Parameters.Select(p => $"{p.Name}={Show(p.Value)}"))).AppendLine()
        .AppendLine("EXPLAIN (ANALYZE, BUFFERS):").AppendLine()
        .AppendLine("```").AppendJoin(Environment.NewLine, plan).AppendLine().AppendLine("```")
        .ToString();

    private static string? Show(object? value) =>
        value is IEnumerable list and not string ? $"{{{string.Join(",", list.Cast<object>())}}}" : value?.ToString();

    private static Task<List<int>> ObjectsForUserAsync(IHost host, ClaimsPrincipal user) =>
        host.InScopeAsync(async (IServiceProvider services) =>
        {
            var posts = await services.GetRequiredService<IObjectPermissionChecker>()
                .ObjectsForUserAsync(services.GetRequiredService<BlogDbContext>().Posts, user, [Permission]);
            return await posts.Select(p => p.Id).ToListAsync();
        });

    private static Task<ClaimsPrincipal> PrincipalAsync(IHost host, int userId) =>
        host.InScopeAsync(async (IServiceProvider services) =>
        {
            var users = services.GetRequiredService<UserManager<PermissionsUser>>();
            var user = await users.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture));
            return await services.GetRequiredService<IUserClaimsPrincipalFactory<PermissionsUser>>().CreateAsync(user!);
        });
}
