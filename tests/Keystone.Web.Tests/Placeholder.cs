namespace Keystone.Web.Tests;
