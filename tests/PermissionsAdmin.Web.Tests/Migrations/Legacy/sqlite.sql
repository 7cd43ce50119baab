CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "AspNetRoles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY AUTOINCREMENT,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "IsStaff" INTEGER NOT NULL,
    "IsSuperuser" INTEGER NOT NULL,
    "DateJoined" TEXT NOT NULL,
    "LastLogin" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "ContentTypes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ContentTypes" PRIMARY KEY AUTOINCREMENT,
    "AppLabel" TEXT NOT NULL,
    "Model" TEXT NOT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" INTEGER NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" INTEGER NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" INTEGER NOT NULL,
    "RoleId" INTEGER NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" INTEGER NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Permissions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Permissions" PRIMARY KEY AUTOINCREMENT,
    "ContentTypeId" INTEGER NOT NULL,
    "Codename" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    CONSTRAINT "FK_Permissions_ContentTypes_ContentTypeId" FOREIGN KEY ("ContentTypeId") REFERENCES "ContentTypes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "GroupPermissions" (
    "GroupId" INTEGER NOT NULL,
    "PermissionId" INTEGER NOT NULL,
    CONSTRAINT "PK_GroupPermissions" PRIMARY KEY ("GroupId", "PermissionId"),
    CONSTRAINT "FK_GroupPermissions_AspNetRoles_GroupId" FOREIGN KEY ("GroupId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_GroupPermissions_Permissions_PermissionId" FOREIGN KEY ("PermissionId") REFERENCES "Permissions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UserPermissions" (
    "UserId" INTEGER NOT NULL,
    "PermissionId" INTEGER NOT NULL,
    CONSTRAINT "PK_UserPermissions" PRIMARY KEY ("UserId", "PermissionId"),
    CONSTRAINT "FK_UserPermissions_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_UserPermissions_Permissions_PermissionId" FOREIGN KEY ("PermissionId") REFERENCES "Permissions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Photos" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Photos" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Url" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "SiteNotices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SiteNotices" PRIMARY KEY AUTOINCREMENT,
    "Text" TEXT NOT NULL
);

CREATE TABLE "Posts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Posts" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "IsPublished" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "AuthorId" INTEGER NULL,
    CONSTRAINT "FK_Posts_AspNetUsers_AuthorId" FOREIGN KEY ("AuthorId") REFERENCES "AspNetUsers" ("Id") ON DELETE SET NULL
);

CREATE TABLE "Comments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Comments" PRIMARY KEY AUTOINCREMENT,
    "PostId" INTEGER NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Comments_Posts_PostId" FOREIGN KEY ("PostId") REFERENCES "Posts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE UNIQUE INDEX "IX_ContentTypes_AppLabel_Model" ON "ContentTypes" ("AppLabel", "Model");

CREATE UNIQUE INDEX "IX_Permissions_ContentTypeId_Codename" ON "Permissions" ("ContentTypeId", "Codename");

CREATE INDEX "IX_GroupPermissions_PermissionId" ON "GroupPermissions" ("PermissionId");

CREATE INDEX "IX_UserPermissions_PermissionId" ON "UserPermissions" ("PermissionId");

CREATE INDEX "IX_Posts_AuthorId" ON "Posts" ("AuthorId");

CREATE INDEX "IX_Posts_CreatedAt" ON "Posts" ("CreatedAt");

CREATE INDEX "IX_Comments_PostId" ON "Comments" ("PostId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122000000_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Posts" ADD "IsFeatured" INTEGER NOT NULL DEFAULT 0;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122010000_PostFeatures', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "ActorId" INTEGER NULL,
    "ActorName" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "ObjectType" TEXT NOT NULL,
    "ObjectId" TEXT NOT NULL,
    "ObjectRepr" TEXT NOT NULL,
    "Action" INTEGER NOT NULL,
    "Changes" TEXT NOT NULL
);

CREATE INDEX "IX_AuditEntries_ObjectType_ObjectId_At" ON "AuditEntries" ("ObjectType", "ObjectId", "At");

CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");

CREATE INDEX "IX_AuditEntries_ActorId" ON "AuditEntries" ("ActorId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122020000_AuditEntries', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "UserObjectPermissions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UserObjectPermissions" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "PermissionId" INTEGER NOT NULL,
    "ContentTypeId" INTEGER NOT NULL,
    "ObjectId" INTEGER NOT NULL,
    CONSTRAINT "FK_UserObjectPermissions_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_UserObjectPermissions_ContentTypes_ContentTypeId" FOREIGN KEY ("ContentTypeId") REFERENCES "ContentTypes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_UserObjectPermissions_Permissions_PermissionId" FOREIGN KEY ("PermissionId") REFERENCES "Permissions" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_UserObjectPermissions_UserId_PermissionId_ObjectId" ON "UserObjectPermissions" ("UserId", "PermissionId", "ObjectId");

CREATE INDEX "IX_UserObjectPermissions_ContentTypeId_ObjectId" ON "UserObjectPermissions" ("ContentTypeId", "ObjectId");

CREATE INDEX "IX_UserObjectPermissions_PermissionId" ON "UserObjectPermissions" ("PermissionId");

CREATE TABLE "GroupObjectPermissions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GroupObjectPermissions" PRIMARY KEY AUTOINCREMENT,
    "GroupId" INTEGER NOT NULL,
    "PermissionId" INTEGER NOT NULL,
    "ContentTypeId" INTEGER NOT NULL,
    "ObjectId" INTEGER NOT NULL,
    CONSTRAINT "FK_GroupObjectPermissions_AspNetRoles_GroupId" FOREIGN KEY ("GroupId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_GroupObjectPermissions_ContentTypes_ContentTypeId" FOREIGN KEY ("ContentTypeId") REFERENCES "ContentTypes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_GroupObjectPermissions_Permissions_PermissionId" FOREIGN KEY ("PermissionId") REFERENCES "Permissions" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_GroupObjectPermissions_GroupId_PermissionId_ObjectId" ON "GroupObjectPermissions" ("GroupId", "PermissionId", "ObjectId");

CREATE INDEX "IX_GroupObjectPermissions_ContentTypeId_ObjectId" ON "GroupObjectPermissions" ("ContentTypeId", "ObjectId");

CREATE INDEX "IX_GroupObjectPermissions_PermissionId" ON "GroupObjectPermissions" ("PermissionId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122030000_ObjectPermissions', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123000000_ScaleOut', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "PersonalAccessTokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PersonalAccessTokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NULL,
    "LastUsedAt" TEXT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_PersonalAccessTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_PersonalAccessTokens_Hash" ON "PersonalAccessTokens" ("Hash");

CREATE UNIQUE INDEX "IX_PersonalAccessTokens_UserId_Name" ON "PersonalAccessTokens" ("UserId", "Name");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124000000_PersonalAccessTokens', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "AspNetUsers" ADD "NormalizedFirstName" TEXT NOT NULL DEFAULT '';

ALTER TABLE "AspNetUsers" ADD "NormalizedLastName" TEXT NOT NULL DEFAULT '';

UPDATE "AspNetUsers" SET "NormalizedFirstName" = UPPER("FirstName"), "NormalizedLastName" = UPPER("LastName");

CREATE INDEX "IX_AspNetUsers_NormalizedUserName_Prefix" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_AspNetUsers_NormalizedEmail_Prefix" ON "AspNetUsers" ("NormalizedEmail");

CREATE INDEX "IX_AspNetUsers_NormalizedFirstName_Prefix" ON "AspNetUsers" ("NormalizedFirstName");

CREATE INDEX "IX_AspNetUsers_NormalizedLastName_Prefix" ON "AspNetUsers" ("NormalizedLastName");

CREATE INDEX "IX_AspNetUsers_NormalizedEmail_Id" ON "AspNetUsers" ("NormalizedEmail", "Id");

CREATE INDEX "IX_AspNetUsers_DateJoined_Id" ON "AspNetUsers" ("DateJoined", "Id");

CREATE INDEX "IX_AspNetUsers_LastLogin_Id" ON "AspNetUsers" ("LastLogin", "Id");

CREATE INDEX "IX_AspNetUsers_NormalizedUserName_Id" ON "AspNetUsers" ("NormalizedUserName", "Id");

CREATE INDEX "IX_AspNetUsers_IsActive" ON "AspNetUsers" ("IsActive");

CREATE INDEX "IX_AspNetUsers_IsStaff" ON "AspNetUsers" ("IsStaff");

CREATE INDEX "IX_AspNetUsers_IsSuperuser" ON "AspNetUsers" ("IsSuperuser");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124010000_UserListIndexes', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "PermissionChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PermissionChanges" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NULL,
    "ChangedAt" TEXT NOT NULL
);

CREATE TRIGGER "permissionsadmin_feed_UserPermissions_insert" AFTER INSERT ON "UserPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NEW."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_UserPermissions_update" AFTER UPDATE ON "UserPermissions" 
BEGIN
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now'));
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") SELECT NEW."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE NEW."UserId" IS NOT OLD."UserId";
END;
CREATE TRIGGER "permissionsadmin_feed_UserPermissions_delete" AFTER DELETE ON "UserPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_AspNetUserRoles_insert" AFTER INSERT ON "AspNetUserRoles" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NEW."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_AspNetUserRoles_update" AFTER UPDATE ON "AspNetUserRoles" 
BEGIN
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now'));
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") SELECT NEW."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE NEW."UserId" IS NOT OLD."UserId";
END;
CREATE TRIGGER "permissionsadmin_feed_AspNetUserRoles_delete" AFTER DELETE ON "AspNetUserRoles" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_UserObjectPermissions_insert" AFTER INSERT ON "UserObjectPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NEW."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_UserObjectPermissions_update" AFTER UPDATE ON "UserObjectPermissions" 
BEGIN
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now'));
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") SELECT NEW."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE NEW."UserId" IS NOT OLD."UserId";
END;
CREATE TRIGGER "permissionsadmin_feed_UserObjectPermissions_delete" AFTER DELETE ON "UserObjectPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;


CREATE TRIGGER "permissionsadmin_feed_AspNetUsers_update" AFTER UPDATE ON "AspNetUsers" WHEN OLD."IsActive" IS NOT NEW."IsActive" OR OLD."IsSuperuser" IS NOT NEW."IsSuperuser" OR OLD."IsStaff" IS NOT NEW."IsStaff" OR OLD."SecurityStamp" IS NOT NEW."SecurityStamp" OR OLD."Id" IS NOT NEW."Id"
BEGIN
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."Id", strftime('%Y-%m-%d %H:%M:%f', 'now'));
    INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") SELECT NEW."Id", strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE NEW."Id" IS NOT OLD."Id";
END;
CREATE TRIGGER "permissionsadmin_feed_AspNetUsers_delete" AFTER DELETE ON "AspNetUsers" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (OLD."Id", strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_GroupPermissions_insert" AFTER INSERT ON "GroupPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_GroupPermissions_update" AFTER UPDATE ON "GroupPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_GroupPermissions_delete" AFTER DELETE ON "GroupPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_AspNetRoles_insert" AFTER INSERT ON "AspNetRoles" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_AspNetRoles_update" AFTER UPDATE ON "AspNetRoles" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_AspNetRoles_delete" AFTER DELETE ON "AspNetRoles" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_Permissions_insert" AFTER INSERT ON "Permissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_Permissions_update" AFTER UPDATE ON "Permissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_Permissions_delete" AFTER DELETE ON "Permissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_ContentTypes_insert" AFTER INSERT ON "ContentTypes" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_ContentTypes_update" AFTER UPDATE ON "ContentTypes" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_ContentTypes_delete" AFTER DELETE ON "ContentTypes" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

CREATE TRIGGER "permissionsadmin_feed_GroupObjectPermissions_insert" AFTER INSERT ON "GroupObjectPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_GroupObjectPermissions_update" AFTER UPDATE ON "GroupObjectPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;
CREATE TRIGGER "permissionsadmin_feed_GroupObjectPermissions_delete" AFTER DELETE ON "GroupObjectPermissions" BEGIN INSERT INTO "PermissionChanges" ("UserId", "ChangedAt") VALUES (NULL, strftime('%Y-%m-%d %H:%M:%f', 'now')); END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205000000_PermissionChangeFeed', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "AspNetRoles" ADD "ConfiguredName" TEXT NULL;

CREATE UNIQUE INDEX "IX_AspNetRoles_ConfiguredName" ON "AspNetRoles" ("ConfiguredName");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205010000_ConfiguredGroups', '10.0.15');

COMMIT;

