using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Sync;

namespace PermissionsAdmin.Management;

public sealed partial class ManagementCli
{
    private Command SyncPermissionsCommand()
    {
        var removeStale = new Option<bool>("--remove-stale") { Description = "Delete stale permissions and their grants." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what would change." };
        var command = new Command("sync-permissions", "Create and rename permissions to match the entity model.")
        {
            removeStale, dryRun,
        };
        command.SetAction((parse, _) => ExecuteAsync(syncPermissions: false, async services =>
        {
            var report = await services.GetRequiredService<PermissionSynchronizer>()
                .SyncAsync(parse.GetValue(removeStale), parse.GetValue(dryRun));
            await WriteReportAsync(report);
        }));
        return command;
    }

    private async Task WriteReportAsync(SyncReport report)
    {
        var verb = report.DryRun ? "would " : "";
        foreach (var name in report.CreatedContentTypes) await output.WriteLineAsync($"{verb}create content type {name}");
        foreach (var name in report.CreatedPermissions) await output.WriteLineAsync($"{verb}create {name}");
        foreach (var change in report.RenamedPermissions) await output.WriteLineAsync($"{verb}rename {change}");
        foreach (var stale in report.StalePermissions)
        {
            var grants = $"{stale.UserGrants} user grant(s), {stale.GroupGrants} group grant(s)";
            await output.WriteLineAsync(report.RemovedPermissions.Contains(stale.Name)
                ? $"{verb}remove stale {stale.Name} with {grants}"
                : $"stale {stale.Name} ({grants}); remove with --remove-stale");
        }
        if (report.NothingToDo) await output.WriteLineAsync("Permissions are up to date: nothing to do.");
    }

    private Command PermissionsCommand()
    {
        var app = new Option<string?>("--app") { Description = "Only this app's permissions." };
        var list = new Command("list", "List permissions as app.codename with their names.") { app };
        list.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var appLabel = parse.GetValue(app);
            var query = services.GetRequiredService<PermissionsDbContext>().Permissions.AsNoTracking();
            if (appLabel is not null) query = query.Where(p => p.ContentType.AppLabel == appLabel);
            var rows = await query
                .OrderBy(p => p.ContentType.AppLabel).ThenBy(p => p.ContentType.Model).ThenBy(p => p.Codename)
                .Select(p => new { p.ContentType.AppLabel, p.Codename, p.Name }).ToListAsync();
            if (rows.Count == 0 && appLabel is not null) throw new AdministrationException($"No permissions in app '{appLabel}'.");
            foreach (var row in rows) await output.WriteLineAsync($"{row.AppLabel}.{row.Codename}\t{row.Name}");
        }));
        return new Command("permissions", "Inspect the permission catalogue.") { list };
    }
}
