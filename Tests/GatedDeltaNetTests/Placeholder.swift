import Testing

@Test func placeholder_GatedDeltaNetTests() { #expect(true) }
