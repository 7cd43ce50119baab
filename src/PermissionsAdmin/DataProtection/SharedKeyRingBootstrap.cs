using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Startup;

namespace PermissionsAdmin.DataProtection;

/// <summary>
/// Makes sure the shared key ring has a usable key before this instance first loads it, under the
/// <see cref="StartupLock"/>, so instances starting together on an empty key ring agree on one key instead of each
/// activating its own (ASP.NET Core reloads the ring for an unknown key only in an instance's first two minutes;
/// after that, cookies protected with the other instance's key would be refused until the next refresh, up to a day
/// later). Later keys are created ahead of their activation by the key manager itself, which every instance sees in
/// time. Registered as the first hosted service, before data protection's own, which loads the key ring at startup.
/// </summary>
internal sealed partial class SharedKeyRingBootstrap(
    IKeyManager keys,
    IOptions<KeyManagementOptions> keyOptions,
    IServiceScopeFactory scopes,
    ILogger<SharedKeyRingBootstrap> logger,
    TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await using var held = await scope.ServiceProvider.GetRequiredService<StartupLock>().AcquireAsync("Data protection key ring", cancellationToken);
        var now = clock.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            var key = keys.CreateNewKey(now, now + keyOptions.Value.NewKeyLifetime);
            LogCreated(logger, key.KeyId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Created the shared data protection key {KeyId}.")]
    private static partial void LogCreated(ILogger logger, Guid keyId);
}
