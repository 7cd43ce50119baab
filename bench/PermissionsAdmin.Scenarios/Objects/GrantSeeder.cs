using Npgsql;

namespace PermissionsAdmin.Scenarios.Objects;

/// <summary>
/// Fills the blog in set-based SQL, the way the demo site's rule shapes the data: each post's author holds
/// <c>change_post</c> and <c>delete_post</c> on it (two grants per post, so 500,000 posts make 1,000,000 grants),
/// spread over 20,000 authors (25 posts, 50 grants each). Each of 100 groups holds <c>change_post</c> on 25 posts of
/// other authors, and every user belongs to one group. User 1 thus may change 25 posts of its own and 25 through
/// group 1: the 50 objects the scenario asks for.
/// </summary>
internal static class GrantSeeder
{
    public const int Users = 20_000;
    public const int Posts = 500_000;
    public const int Groups = 100;
    public const int PostsPerGroup = 25;
    public const int Grants = Posts * 2;
    public const int ExpectedObjects = Posts / Users + PostsPerGroup;

    public static async Task SeedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in Statements)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("users", Users);
            command.Parameters.AddWithValue("posts", Posts);
            command.Parameters.AddWithValue("groups", Groups);
            command.Parameters.AddWithValue("per_group", PostsPerGroup);
            await command.ExecuteNonQueryAsync();
        }
    }

    private const string PostPermission = """
        SELECT p."Id", p."ContentTypeId", p."Codename" FROM "Permissions" p
        JOIN "ContentTypes" c ON c."Id" = p."ContentTypeId" WHERE c."AppLabel" = 'blog' AND c."Model" = 'post'
        """;

    private static readonly string[] Statements =
    [
        """
        INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
            "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled",
            "AccessFailedCount", "FirstName", "LastName", "IsActive", "IsStaff", "IsSuperuser", "DateJoined")
        SELECT i, 'user' || i, 'USER' || i, 'user' || i || '@example.com', 'USER' || i || '@EXAMPLE.COM', true,
            md5(i::text), md5(i::text), false, false, true, 0, '', '', true, false, false, now()
        FROM generate_series(1, @users) i
        """,
        """
        INSERT INTO "AspNetRoles" ("Id", "Name", "NormalizedName", "ConcurrencyStamp")
        SELECT g, 'Group ' || g, 'GROUP ' || g, md5(g::text) FROM generate_series(1, @groups) g
        """,
        """
        INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") SELECT u, (u - 1) % @groups + 1 FROM generate_series(1, @users) u
        """,
        """
        INSERT INTO "Posts" ("Id", "Title") SELECT i, 'Post ' || i FROM generate_series(1, @posts) i
        """,
        $"""
        INSERT INTO "UserObjectPermissions" ("UserId", "PermissionId", "ContentTypeId", "ObjectId")
        SELECT (post - 1) % @users + 1, permission."Id", permission."ContentTypeId", post
        FROM generate_series(1, @posts) post
        CROSS JOIN ({PostPermission} AND p."Codename" IN ('change_post', 'delete_post')) permission
        """,
        // Group g's posts come after post 1 and before post @users + 1, so none is user 1's own.
        $"""
        INSERT INTO "GroupObjectPermissions" ("GroupId", "PermissionId", "ContentTypeId", "ObjectId")
        SELECT g, permission."Id", permission."ContentTypeId", 1 + (g - 1) * @per_group + k
        FROM generate_series(1, @groups) g CROSS JOIN generate_series(1, @per_group) k
        CROSS JOIN ({PostPermission} AND p."Codename" = 'change_post') permission
        """,
        "VACUUM ANALYZE",
    ];
}
