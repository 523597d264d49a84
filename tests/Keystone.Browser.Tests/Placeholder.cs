namespace Keystone.Browser.Tests;
