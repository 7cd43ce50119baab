using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Delegation;

namespace PermissionsAdmin.AccessRequests;

/// <summary>
/// Every <see cref="AccessRequestOptions.SweepInterval"/>, reminds approvers of requests left undecided past
/// <see cref="AccessRequestOptions.RemindAfter"/> (once) and expires those past
/// <see cref="AccessRequestOptions.ExpireUndecidedAfter"/>. Only undecided requests need it: grants with an end are not
/// held past it whether or not anything runs.
/// </summary>
internal sealed partial class AccessRequestSweeper(
    IServiceScopeFactory scopes, IOptions<AccessRequestOptions> options, TimeProvider clock, ILogger<AccessRequestSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e, options.Value.SweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns how many requests it reminded approvers of and expired.</summary>
    public async Task<(int Reminded, int Expired)> SweepAsync()
    {
        using var scope = scopes.CreateScope();
        using var actor = scope.ServiceProvider.GetRequiredService<ActorAccessor>().ActAs(Actor.System("system", "access request expiry"));
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        return await scope.ServiceProvider.GetRequiredService<AccessRequestAdministration>()
            .SweepAsync(now - settings.RemindAfter, now - settings.ExpireUndecidedAfter);
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not look at undecided access requests; trying again in {Interval}.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, TimeSpan interval);
}
