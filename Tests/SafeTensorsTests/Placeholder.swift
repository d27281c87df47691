import Testing

@Test func placeholder_SafeTensorsTests() { #expect(true) }
