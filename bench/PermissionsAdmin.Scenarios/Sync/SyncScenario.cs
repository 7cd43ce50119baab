using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Scenarios.Sync;

/// <summary>
/// Permission sync at startup (<c>SyncPermissionsAsync</c>, the path a site calls) with 1,000 entity types: the first
/// run creates their 1,000 content types and 4,000 permissions; an unchanged rerun must cost one round trip.
/// Baseline: <c>SELECT 1</c> through a context of the same host.
/// </summary>
internal static class SyncScenario
{
    public static async Task<IReadOnlyList<Result>> RunAsync(string server, int runs)
    {
        await using var database = await ScenarioDatabase.CreateAsync(server, "bench_sync");
        var counter = new QueryCounter();
        using var host = ScenarioHost.Build<ManyEntitiesDbContext>(database.ConnectionString, counter);

        Progress.Report($"sync: building the EF model of {GeneratedEntities.Count:N0} generated entities");
        var (modelBuild, _) = await Samples.OnceAsync(counter, () => host.InScopeAsync((ManyEntitiesDbContext db) => Task.FromResult(db.Model)));
        var (catalogueBuild, catalogue) = await Samples.OnceAsync(counter, () => Task.FromResult(host.Services.GetRequiredService<PermissionCatalogue>()));
        Progress.Report("sync: creating the schema");
        await host.InScopeAsync((ManyEntitiesDbContext db) => db.Database.EnsureCreatedAsync());

        Progress.Report("sync: first run");
        var (firstRun, _) = await Samples.OnceAsync(counter, async () => { await host.SyncPermissionsAsync(); return true; });
        var created = await StoredAsync(host);

        Progress.Report($"sync: {runs} unchanged reruns");
        var selectOne = await Samples.MeasureAsync(counter, runs, () => host.InScopeAsync((ManyEntitiesDbContext db) =>
            db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync()));
        var rerun = await Samples.MeasureAsync(counter, runs, () => host.SyncPermissionsAsync());
        // Why the synchronizer reads flat: the same rows as tracked entities (how it read them before), and flat.
        var trackedLoad = await Samples.MeasureAsync(counter, runs, () => host.InScopeAsync((ManyEntitiesDbContext db) =>
            db.ContentTypes.Include(c => c.Permissions).ToListAsync()));
        var flatLoad = await Samples.MeasureAsync(counter, runs, () => host.InScopeAsync((ManyEntitiesDbContext db) =>
            db.Permissions.Select(p => new { p.ContentType.AppLabel, p.ContentType.Model, p.Codename, p.Name }).ToListAsync()));
        if (await StoredAsync(host) != created) throw new InvalidOperationException("An unchanged rerun changed the catalogue tables.");

        var generated = catalogue.ContentTypes.Count(c => c.AppLabel == GeneratedEntities.AppLabel);
        return
        [
            new($"EF model build, {GeneratedEntities.Count:N0} entity types (first context)", modelBuild, Note: "EF Core itself; once per process"),
            new($"CatalogueBuilder.Build, {GeneratedEntities.Count:N0} entity types", catalogueBuild,
                Note: $"{catalogue.ContentTypes.Count:N0} content types ({generated:N0} generated), {catalogue.Permissions.Count():N0} permissions"),
            new("sync: first run (empty tables)", firstRun, selectOne,
                $"created {created.ContentTypes:N0} content types, {created.Permissions:N0} permissions"),
            new("baseline: SELECT 1 (new scope)", selectOne),
            new("sync: unchanged rerun", rerun, selectOne, "target: 1 round trip"),
            new("diagnostic: the rows as tracked entities with Include", trackedLoad, selectOne, "the synchronizer's read before the flat one"),
            new("diagnostic: the same rows as a flat projection", flatLoad, selectOne, "no tracking, no entities (what it reads now)"),
        ];
    }

    private static Task<(int ContentTypes, int Permissions)> StoredAsync(IHost host) =>
        host.InScopeAsync(async (ManyEntitiesDbContext db) => (await db.ContentTypes.CountAsync(), await db.Permissions.CountAsync()));
}
