using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations.PostgreSQL
{
    /// <summary>
    /// The whole schema on PostgreSQL in one step (SQLite got there in five): Django's auth_user and django_session,
    /// the signed_cookies ledger and the session catalog, dates as timestamptz.
    /// </summary>
    public partial class PostgreSqlInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Django 3.2's own DDL for its tables (django.contrib.auth, django.contrib.sessions on the postgresql
            // backend), made idempotent: a database where Django's `migrate` ran first is adopted as it is, so the two
            // apps can start in either order.
            migrationBuilder.Sql(
                "CREATE TABLE IF NOT EXISTS \"auth_user\" (\"id\" serial NOT NULL PRIMARY KEY, \"password\" varchar(128) NOT NULL, " +
                "\"last_login\" timestamp with time zone NULL, \"is_superuser\" boolean NOT NULL, " +
                "\"username\" varchar(150) NOT NULL UNIQUE, \"first_name\" varchar(150) NOT NULL, " +
                "\"last_name\" varchar(150) NOT NULL, \"email\" varchar(254) NOT NULL, \"is_staff\" boolean NOT NULL, " +
                "\"is_active\" boolean NOT NULL, \"date_joined\" timestamp with time zone NOT NULL);");
            // The login lookup folds case with lower() (UserLookup): these keep it an index scan.
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS \"auth_user_username_lower\" ON \"auth_user\" (lower(\"username\"));");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS \"auth_user_email_lower\" ON \"auth_user\" (lower(\"email\"));");
            migrationBuilder.Sql(
                "CREATE TABLE IF NOT EXISTS \"django_session\" (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, " +
                "\"session_data\" text NOT NULL, \"expire_date\" timestamp with time zone NOT NULL);");
            migrationBuilder.Sql(
                "CREATE INDEX IF NOT EXISTS \"django_session_expire_date\" ON \"django_session\" (\"expire_date\");");

            migrationBuilder.CreateTable(
                name: "revoked_sessions",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "varchar(40)", maxLength: 40, nullable: false),
                    expire_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revoked_sessions", x => x.session_id);
                });

            migrationBuilder.CreateTable(
                name: "session_catalog",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    session_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    session_key = table.Column<string>(type: "text", nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    engine = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_activity = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expire_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ip_address = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: false),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    device = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_session_catalog", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "revoked_sessions_expire_date",
                table: "revoked_sessions",
                column: "expire_date");

            migrationBuilder.CreateIndex(
                name: "session_catalog_created",
                table: "session_catalog",
                column: "created");

            migrationBuilder.CreateIndex(
                name: "session_catalog_device",
                table: "session_catalog",
                column: "device");

            migrationBuilder.CreateIndex(
                name: "session_catalog_expire_date",
                table: "session_catalog",
                column: "expire_date");

            migrationBuilder.CreateIndex(
                name: "session_catalog_fingerprint",
                table: "session_catalog",
                column: "fingerprint");

            migrationBuilder.CreateIndex(
                name: "session_catalog_ip_address",
                table: "session_catalog",
                column: "ip_address");

            migrationBuilder.CreateIndex(
                name: "session_catalog_last_activity",
                table: "session_catalog",
                column: "last_activity");

            migrationBuilder.CreateIndex(
                name: "session_catalog_session_id",
                table: "session_catalog",
                column: "session_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "session_catalog_user_id",
                table: "session_catalog",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // auth_user and django_session stay: a Django site may own them.
            migrationBuilder.DropTable(
                name: "revoked_sessions");

            migrationBuilder.DropTable(
                name: "session_catalog");
        }
    }
}
