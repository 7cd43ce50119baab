using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// Makes sure the shared key ring has a usable key before this instance first loads it, under a PostgreSQL advisory
/// lock, so instances starting together on an empty key ring agree on one key instead of each activating its own
/// (ASP.NET Core reloads the ring for an unknown key only in an instance's first two minutes; after that, cookies
/// protected with the other instance's key would be refused until the next refresh, up to a day later). Later keys
/// are created ahead of their activation by the key manager itself, which every instance sees in time.
/// Registered as the first hosted service, before data protection's own, which loads the key ring at startup.
/// </summary>
internal sealed partial class DataProtectionKeyBootstrap(
    IKeyManager keys,
    IOptions<KeyManagementOptions> keyOptions,
    IOptions<ScaleOutOptions> options,
    ILogger<DataProtectionKeyBootstrap> logger) : IHostedService
{
    /// <summary>The advisory lock's key: "PAdpkey1" as a number, the same for every instance.</summary>
    private const long LockKey = 0x5041_6470_6B65_7931;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                var key = keys.CreateNewKey(now, now + keyOptions.Value.NewKeyLifetime);
                LogCreated(logger, key.KeyId);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Created the shared data protection key {KeyId}.")]
    private static partial void LogCreated(ILogger logger, Guid keyId);
}
