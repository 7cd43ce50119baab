using System.CommandLine;
using System.Security.Cryptography;
using PermissionsAdmin.Management;
using PermissionsAdmin.Web.Bench;

namespace PermissionsAdmin.Web.Cli;

/// <summary><c>seed-bench</c>: bulk-loads a benchmark database (see docs/benchmarks.md).</summary>
internal sealed class SeedBenchCommand : IManagementCommand
{
    public Command Create(ManagementCli cli)
    {
        var defaults = new BenchSeedOptions { Password = "" };
        var users = new Option<int>("--users") { Description = "Users to create.", DefaultValueFactory = _ => defaults.Users };
        var groups = new Option<int>("--groups") { Description = "Groups (\"Bench team 001\"…), each holding 3-12 permissions.", DefaultValueFactory = _ => defaults.Groups };
        var memberships = new Option<int>("--memberships-per-user") { Description = "Groups each user belongs to.", DefaultValueFactory = _ => defaults.MembershipsPerUser };
        var direct = new Option<double>("--direct-grants-per-user")
        {
            Description = "Fraction of users (0-1) who also hold 1-3 permissions directly.",
            DefaultValueFactory = _ => defaults.DirectGrantsPerUser,
        };
        var objectGrants = new Option<int>("--object-grants")
        {
            Description = "Object grants on blog posts (one post is created per ten grants).",
            DefaultValueFactory = _ => defaults.ObjectGrants,
        };
        var posts = new Option<int>("--posts")
        {
            Description = "Blog posts (at least one per ten object grants is made anyway).",
            DefaultValueFactory = _ => defaults.Posts,
        };
        var permissions = new Option<int>("--permissions")
        {
            Description = "Grow the permission catalogue to this many rows with stale 'bench' permissions (default: leave it).",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same options on an empty database give the same rows.", DefaultValueFactory = _ => defaults.Seed };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the users' password from standard input (else a random one is printed)." };
        var force = new Option<bool>("--force") { Description = "Add the bench rows even though the database already has users." };
        var command = new Command("seed-bench",
            "Fill the database for benchmarks: users with realistic names, groups, memberships, direct grants, blog posts with " +
            "object grants. Bulk loads (PostgreSQL COPY, batched INSERTs elsewhere), every user with the same password. " +
            "A bench fixture: nothing is audited and the delegation rules are bypassed. Refuses a database that has users unless --force.")
        {
            users, groups, memberships, direct, objectGrants, posts, permissions, seed, passwordStdin, force,
        };
        command.SetAction((parse, cancellationToken) => cli.ExecuteAsync(syncPermissions: true, async services =>
        {
            var generated = !parse.GetValue(passwordStdin);
            var password = generated
                ? RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20)
                : await cli.ReadPasswordAsync(fromStdin: true, fromEnvironment: null);
            var report = await ActivatorUtilities.CreateInstance<BenchSeeder>(services).SeedAsync(new BenchSeedOptions
            {
                Users = parse.GetValue(users),
                Groups = parse.GetValue(groups),
                MembershipsPerUser = parse.GetValue(memberships),
                DirectGrantsPerUser = parse.GetValue(direct),
                ObjectGrants = parse.GetValue(objectGrants),
                Posts = parse.GetValue(posts),
                Permissions = parse.GetValue(permissions),
                Seed = parse.GetValue(seed),
                Force = parse.GetValue(force),
                Password = password!,
            }, cli.Output, cancellationToken);
            await cli.Output.WriteLineAsync(
                $"Seeded {report.Users:N0} users, {report.Groups:N0} groups, {report.Memberships:N0} memberships, " +
                $"{report.DirectGrants:N0} direct grants, {report.Posts:N0} posts, {report.ObjectGrants:N0} object grants" +
                (report.PermissionsAdded > 0 ? $", {report.PermissionsAdded:N0} bench permissions" : "") +
                $" in {report.Elapsed.TotalSeconds:F1} s.");
            if (generated) await cli.Output.WriteLineAsync($"Every seeded user's password: {password}");
        }));
        return command;
    }
}
