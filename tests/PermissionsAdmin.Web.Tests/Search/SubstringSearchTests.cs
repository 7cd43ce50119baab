using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Search;

/// <summary>
/// <see cref="SubstringSearch"/> on the demo's posts (Title, Body), whose migrations made the search index: Django's
/// icontains for every word, read through the index, and kept in step with every write by the database itself.
/// </summary>
public sealed class SubstringSearchTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_word_matches_anywhere_ignoring_case_and_the_index_follows_every_write(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var alpha = await AddPostAsync(site, "Alpha news", "from the mail.test desk");
        var beta = await AddPostAsync(site, "Beta", "about ALPHA too, 100% sure");
        await AddPostAsync(site, "Gamma \"quoted\"", "under_score");

        Assert.Equal([alpha, beta], await SearchAsync(site, "lph"));
        Assert.Equal([alpha], await SearchAsync(site, "ALPHA NEWS"));
        Assert.Equal([alpha], await SearchAsync(site, "mail.test"));
        // A word below three characters is checked too.
        Assert.Equal([alpha], await SearchAsync(site, "ws al"));
        Assert.Equal([beta], await SearchAsync(site, "0%"));
        Assert.Empty(await SearchAsync(site, "10_"));
        Assert.Equal(3, (await SearchAsync(site, "a")).Count);
        Assert.Single(await SearchAsync(site, "\"quoted\""));
        Assert.Single(await SearchAsync(site, "r_s"));
        Assert.Empty(await SearchAsync(site, "alpha gamma"));

        // Written by anyone (here straight through EF Core): the index follows inserts, updates and deletes.
        await site.QueryAsync(async db =>
        {
            var post = await db.Posts.SingleAsync(p => p.Id == alpha);
            post.Title = "Delta";
            post.Body = "";
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.Equal([beta], await SearchAsync(site, "alpha"));
        Assert.Equal([alpha], await SearchAsync(site, "delt"));
        await site.QueryAsync(db => db.Posts.Where(p => p.Id == beta).ExecuteDeleteAsync());
        Assert.Empty(await SearchAsync(site, "alpha"));
        var epsilon = await AddPostAsync(site, "Epsilon", "alphabet");
        Assert.Equal([epsilon], await SearchAsync(site, "alpha"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_search_reads_the_index_not_the_table(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await AddPostAsync(site, "Alpha news", "");

        var plan = await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync();
            // As if the table were large: PostgreSQL would rather scan a table of one row.
            if (kind == DatabaseKind.PostgreSql) await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            await using var command = (await SearchQueryAsync(services, db, "alpha news")).CreateDbCommand();
            command.CommandText = (kind == DatabaseKind.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync()) lines.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
            return string.Join('\n', lines);
        });

        if (kind == DatabaseKind.Sqlite) Assert.Contains("VIRTUAL TABLE INDEX", plan);
        else Assert.Contains(SearchIndexMigrationBuilderExtensions.PostgresIndex("Posts", "Title"), plan);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_word_in_most_rows_is_found_as_surely_as_a_rare_one(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        // 200 posts, 150 of them "common": on SQLite more matches than √(rows × page) are checked row by row in the
        // list's order instead of fetched from the index; the answer is the same.
        var ids = await site.QueryAsync(async db =>
        {
            var posts = Enumerable.Range(0, 200).Select(i => new Post { Title = i < 150 ? $"Common {i}" : $"Other {i}", Body = i == 7 ? "rare" : "" }).ToList();
            db.Posts.AddRange(posts);
            await db.SaveChangesAsync();
            return posts.Select(p => p.Id).ToList();
        });

        Assert.Equal(ids.Take(150), await SearchAsync(site, "COMMON"));
        Assert.Equal([ids[7]], await SearchAsync(site, "common rare"));
        Assert.Equal([ids[7]], await SearchAsync(site, "rare"));
        Assert.Equal(ids.Skip(150), await SearchAsync(site, "other"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_users_search_table_follows_every_write_and_answers_only_for_the_columns_it_holds(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var users = await site.AddUsersAsync([("ann.smith", "ann@mail.test"), ("bob", "bob@example.com")]);
        var (ann, bob) = (users[0].Id, users[1].Id);
        await site.QueryAsync(db => db.Users.Where(u => u.Id == bob).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.FirstName, "Robert").SetProperty(x => x.LastName, "Novak")));

        var queries = new List<string>();
        Assert.Equal([ann], await SearchUsersAsync(site, "SMITH mail.test", UserSearch.Columns, queries));
        Assert.Equal([bob], await SearchUsersAsync(site, "rob nov", UserSearch.Columns, queries));
        // One text per user, its columns apart: no word matches across two of them ("robert" + "novak").
        Assert.Empty(await SearchUsersAsync(site, "rtno", UserSearch.Columns, queries));
        // Read from the search table (SQLite's FTS5 table, PostgreSQL's table of lowercased texts), not the users' rows.
        Assert.All(queries, q => Assert.Contains("\"AspNetUsers_search\"", q, StringComparison.Ordinal));

        // A search of fewer columns is not answered by the table of all four: the e-mail is not searched.
        Assert.Empty(await SearchUsersAsync(site, "mail.test", [nameof(PermissionsUser.UserName)], queries));
        Assert.Equal([ann], await SearchUsersAsync(site, "ann.s", [nameof(PermissionsUser.UserName)], queries));

        // Written by anyone (here straight through EF Core): the table follows updates, inserts and deletes.
        await site.QueryAsync(db => db.Users.Where(u => u.Id == ann).ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, "ann@elsewhere.test")));
        Assert.Empty(await SearchUsersAsync(site, "mail.test", UserSearch.Columns, queries));
        await site.QueryAsync(db => db.Users.Where(u => u.Id == bob).ExecuteDeleteAsync());
        Assert.Empty(await SearchUsersAsync(site, "novak", UserSearch.Columns, queries));
        var carol = (await site.AddUsersAsync([("carol.novak", null)]))[0].Id;
        Assert.Equal([carol], await SearchUsersAsync(site, "novak", UserSearch.Columns, queries));
    }

    private static Task<List<int>> SearchUsersAsync(AdminSite site, string text, IEnumerable<string> columnNames, List<string> queries) =>
        site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var user = db.Model.FindEntityType(typeof(PermissionsUser))!;
            var columns = columnNames.Select(c => (IProperty)user.FindProperty(c)!).ToList();
            var matches = await services.GetRequiredService<SubstringSearch>().WhereAsync(db, db.Users.AsNoTracking(), columns, text);
            queries.Add(matches.ToQueryString());
            return await matches.Select(u => u.Id).Order().ToListAsync();
        });

    private static Task<int> AddPostAsync(AdminSite site, string title, string body) =>
        site.QueryAsync(async db =>
        {
            var post = new Post { Title = title, Body = body };
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            return post.Id;
        });

    private static Task<List<int>> SearchAsync(AdminSite site, string text) =>
        site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            return await (await SearchQueryAsync(services, db, text)).Select(p => p.Id).Order().ToListAsync();
        });

    private static Task<IQueryable<Post>> SearchQueryAsync(IServiceProvider services, AppDbContext db, string text)
    {
        var post = db.Model.FindEntityType(typeof(Post))!;
        IProperty[] columns = [post.FindProperty(nameof(Post.Title))!, post.FindProperty(nameof(Post.Body))!];
        return services.GetRequiredService<SubstringSearch>().WhereAsync(db, db.Posts.AsNoTracking(), columns, text);
    }
}
