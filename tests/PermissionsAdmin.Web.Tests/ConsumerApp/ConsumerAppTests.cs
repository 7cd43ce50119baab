using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.ConsumerApp;

/// <summary>
/// A new app made from README's "Add PermissionsAdmin to your app" alone, against the package <c>dotnet pack</c> makes
/// of the library: restored from a local folder beside the machine's NuGet source, migrated and given a superuser with
/// the library's commands, then served and used over HTTP.
/// </summary>
public sealed class ConsumerAppTests
{
    private const string SuperuserPassword = "Readme-app-superuser-1";
    private const string StaffPassword = "Readme-app-staff-1";

    [Fact]
    public async Task An_app_built_from_the_readme_serves_the_admin_and_enforces_its_permission()
    {
        var repository = RepositoryRoot();
        var readme = ReadmeApp.Parse(await File.ReadAllTextAsync(Path.Combine(repository, "README.md"), TestContext.Current.CancellationToken));
        var work = Directory.CreateTempSubdirectory("permissionsadmin-consumer-");
        // A version no package cache holds yet, so restore takes this very build (deleted from the cache afterwards).
        var version = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var cachedPackage = Path.Combine(GlobalPackagesFolder(), "permissionsadmin", version);
        Process? site = null;
        var siteOutput = new ConcurrentQueue<string?>();
        try
        {
            var packages = work.CreateSubdirectory("packages").FullName;
            var app = work.CreateSubdirectory("MySite").FullName;

            // The build scripts/test.sh made, packed as it is: --no-build leaves these tests' binaries alone.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            await DotnetCommand.RunAsync(repository, ["pack", "src/PermissionsAdmin", "--no-build", "-c", configuration,
                "-o", packages, $"-p:Version={version}"]);

            await DotnetCommand.RunAsync(app, ["new", "web", "--name", "MySite", "--output", ".", "--no-restore"]);
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """, TestContext.Current.CancellationToken);
            WriteAppFiles(app, readme, version);
            // dotnet ef as the repository's tool manifest pins it.
            Directory.CreateDirectory(Path.Combine(app, ".config"));
            File.Copy(Path.Combine(repository, "dotnet-tools.json"), Path.Combine(app, ".config", "dotnet-tools.json"));
            await DotnetCommand.RunAsync(app, ["tool", "restore"]);

            var port = FreePort();
            var superuser = new Dictionary<string, string> { ["PERMISSIONSADMIN_SUPERUSER_PASSWORD"] = SuperuserPassword };
            var built = false;
            foreach (var line in readme.Commands)
            {
                var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal("dotnet", args[0]);
                if (args[1] != "run")
                {
                    await DotnetCommand.RunAsync(app, args[1..], superuser);
                    built = false;
                    continue;
                }
                if (!built) await DotnetCommand.RunAsync(app, ["build"]);
                built = true;
                // `dotnet run` as README says, built once: a command runs; without one the site starts (on our port).
                string[] run = ["run", "--no-build", .. args[2..]];
                if (args.Length > 2)
                {
                    await DotnetCommand.RunAsync(app, run, superuser);
                    continue;
                }
                Assert.Same(readme.Commands[^1], line); // serving is the last step
                await DotnetCommand.RunAsync(app,
                    ["run", "--no-build", "--", "users", "create", "clerk", "--email", "clerk@example.com", "--staff", "--password-stdin"],
                    stdin: StaffPassword + "\n");
                site = Process.Start(DotnetCommand.StartInfo(app, [.. run, "--", "--urls", $"http://127.0.0.1:{port}"]))!;
                // Read as it comes, so a full pipe never blocks the site, and kept for the failure message.
                site.OutputDataReceived += (_, e) => siteOutput.Enqueue(e.Data);
                site.ErrorDataReceived += (_, e) => siteOutput.Enqueue(e.Data);
                site.BeginOutputReadLine();
                site.BeginErrorReadLine();
            }
            Assert.NotNull(site);

            using var superuserClient = await SignInAsync(port, site, siteOutput, "admin", SuperuserPassword);
            Assert.Equal(HttpStatusCode.OK, (await superuserClient.GetAsync("/admin", TestContext.Current.CancellationToken)).StatusCode);
            var reports = await superuserClient.GetAsync("/reports", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, reports.StatusCode);
            Assert.Equal("0 reports", await reports.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.OK,
                (await superuserClient.GetAsync("/_content/PermissionsAdmin/css/admin.css", TestContext.Current.CancellationToken)).StatusCode);

            using var staffClient = await SignInAsync(port, site, siteOutput, "clerk", StaffPassword);
            Assert.Equal(HttpStatusCode.OK, (await staffClient.GetAsync("/admin", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await staffClient.GetAsync("/reports", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            if (site is not null)
            {
                site.Kill(entireProcessTree: true);
                await site.WaitForExitAsync(CancellationToken.None);
                site.Dispose();
            }
            work.Delete(recursive: true);
            if (Directory.Exists(cachedPackage)) Directory.Delete(cachedPackage, recursive: true);
        }
    }

    /// <summary>README's files into the app made by <c>dotnet new web</c>: its project file gets README's references.</summary>
    private static void WriteAppFiles(string app, ReadmeApp readme, string version)
    {
        foreach (var (name, content) in readme.Files)
        {
            var path = Path.Combine(app, name);
            if (name.EndsWith(".csproj", StringComparison.Ordinal))
            {
                var references = content.Replace("Include=\"PermissionsAdmin\" Version=\"1.0.0\"", $"Include=\"PermissionsAdmin\" Version=\"{version}\"",
                    StringComparison.Ordinal);
                Assert.NotEqual(content, references);
                var project = File.ReadAllText(path);
                File.WriteAllText(path, project.Replace("</Project>", references + "\n</Project>", StringComparison.Ordinal));
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }

    /// <summary>Signs in through the admin's own sign-in page, once the site answers.</summary>
    private static async Task<HttpClient> SignInAsync(int port, Process site, IEnumerable<string?> siteOutput, string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        var clock = Stopwatch.StartNew();
        string? page = null;
        while (page is null)
        {
            Assert.False(site.HasExited, $"The site stopped:\n{string.Join('\n', siteOutput)}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "The site did not answer within a minute.");
            try
            {
                page = await client.GetStringAsync("/admin/login");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }
        var form = HtmlForm.Parse(page, "/admin/login").Single(f => f.Names.Contains("Password"));
        var fields = form.Fields.Where(f => f.Name is not ("UserName" or "Password"))
            .Append((Name: "UserName", Value: userName)).Append((Name: "Password", Value: password))
            .Select(f => new KeyValuePair<string, string>(f.Name, f.Value));
        var answer = await client.PostAsync(form.Action, new FormUrlEncodedContent(fields));
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"Signing in as {userName}: {answer.StatusCode}\n{await answer.Content.ReadAsStringAsync()}");
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PermissionsAdmin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PermissionsAdmin.sln not found above the test binaries.");
    }
}
