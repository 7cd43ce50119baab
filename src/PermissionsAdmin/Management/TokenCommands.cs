using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Management;

public sealed partial class ManagementCli
{
    private Command TokensCommand()
    {
        var tokens = new Command("tokens", "Create, list and revoke a user's personal access tokens for the API.");

        var user = new Argument<string>("user");
        var name = new Option<string>("--name") { Required = true, Description = "The token's name, unique for the user." };
        var days = new Option<int?>("--expires-in-days") { Description = $"Expire after this many days (1 to {PersonalAccessToken.MaxLifetimeDays}); without it the token never expires." };
        var create = new Command("create", "Create a token and print it once: only its hash is kept.") { user, name, days };
        create.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var expiresInDays = parse.GetValue(days);
            if (expiresInDays is < 1 or > PersonalAccessToken.MaxLifetimeDays)
            {
                throw new AdministrationException($"--expires-in-days must be between 1 and {PersonalAccessToken.MaxLifetimeDays}.");
            }
            DateTime? expiresAt = expiresInDays is { } d ? services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(d) : null;
            var owner = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetValue(user)!);
            var created = await services.GetRequiredService<TokenAdministration>().CreateAsync(owner.Id, parse.GetValue(name)!, expiresAt);
            // The token alone on stdout, so a script can capture it; the reminder goes to stderr.
            await output.WriteLineAsync(created.Text);
            await error.WriteLineAsync($"Token '{created.Token.Name}' created for '{owner.UserName}' " +
                $"(expires {When(created.Token.ExpiresAt)}). Copy it now: it will not be shown again.");
        }));
        tokens.Add(create);

        var listUser = new Argument<string>("user");
        var list = new Command("list", "List a user's tokens: name, prefix, state, created, expires, last used.") { listUser };
        list.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var owner = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetValue(listUser)!);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            foreach (var token in await services.GetRequiredService<TokenAdministration>().ListAsync(owner.Id))
            {
                await output.WriteLineAsync(string.Join('\t', token.Name, token.Prefix, token.StateAt(now).ToString().ToLowerInvariant(),
                    $"created {When(token.CreatedAt)}", $"expires {When(token.ExpiresAt)}", $"last used {When(token.LastUsedAt)}"));
            }
        }));
        tokens.Add(list);

        var revokeUser = new Argument<string>("user");
        var revokeName = new Option<string>("--name") { Required = true, Description = "The name of the token to revoke." };
        var revoke = new Command("revoke", "Revoke a token: every later request with it is refused.") { revokeUser, revokeName };
        revoke.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var owner = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetValue(revokeUser)!);
            var token = await services.GetRequiredService<TokenAdministration>().RevokeAsync(owner.Id, parse.GetValue(revokeName)!);
            await output.WriteLineAsync($"Token '{token.Name}' of '{owner.UserName}' revoked.");
        }));
        tokens.Add(revoke);
        return tokens;
    }

    private static string When(DateTime? utc) =>
        utc is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";
}
