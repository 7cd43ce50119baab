using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Startup;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Demo;

public static partial class DemoStartup
{
    /// <summary>
    /// With <c>Demo:SeedOnFirstRun</c>, seeds the demo users when the database has no user yet and logs their
    /// passwords: the only time they are shown. Call after the catalogue sync, which creates the groups.
    /// </summary>
    public static async Task SeedDemoOnFirstRunAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<IOptions<DemoOptions>>().Value.SeedOnFirstRun) return;
        // Under the startup lock: of instances starting together on an empty database, the first seeds, the rest find users.
        await using var startupLock = await services.GetRequiredService<StartupLock>().AcquireAsync("Demo seeding", cancellationToken);
        if (await services.GetRequiredService<AppDbContext>().Users.AnyAsync(cancellationToken)) return;
        using var actor = services.GetRequiredService<ActorAccessor>().ActAs(Actor.System("startup", "Demo:SeedOnFirstRun"));
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PermissionsAdmin.Web.Demo");
        foreach (var account in result.Accounts.Where(a => a.Created))
        {
            LogDemoUserCreated(logger, account.UserName, account.GroupName, account.Password);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Demo user {UserName} ({GroupName}) created with password {Password}; it is not shown again.")]
    private static partial void LogDemoUserCreated(ILogger logger, string userName, string groupName, string? password);
}
