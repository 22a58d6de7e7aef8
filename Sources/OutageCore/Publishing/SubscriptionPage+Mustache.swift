import Mustache

// The page's values answer the template by name (MustacheParent), not through Mirror: a
// timeline of 10,000 windows rendered by reflection took most of `generate`'s time.
extension SubscriptionPage.Content: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "systemNames": systemNames
        case "options": options
        case "lists": lists
        case "wide": wide
        case "systems": systems
        case "regions": regions
        case "updated": updated as Any?
        case "now": now
        case "style": style
        case "script": script
        default: nil
        }
    }
}

extension SubscriptionPage.Option: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "path": path
        case "label": label
        default: nil
        }
    }
}

extension SubscriptionPage.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": href
        case "path": path
        case "webcal": webcal as Any?
        default: nil
        }
    }
}

extension SubscriptionPage.FeedList: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "links": links
        default: nil
        }
    }
}

extension SubscriptionPage.RegionTimeline: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "omitted": omitted
        case "charts": charts
        case "windows": windows
        default: nil
        }
    }
}

extension SubscriptionPage.Item: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "status": status
        case "summary": summary
        case "when": when
        case "stops": stops as Any?
        case "works": works as Any?
        case "action": action as Any?
        default: nil
        }
    }
}

extension SubscriptionPage.Line: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "br": br
        case "text": text
        default: nil
        }
    }
}

extension SubscriptionPage.Chart: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "svgID": svgID
        case "hatch": hatch
        case "width": width
        case "height": height
        case "grid": grid
        case "ticks": ticks
        case "bars": bars
        default: nil
        }
    }
}

extension SubscriptionPage.GridLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y1": y1
        case "day": day
        default: nil
        }
    }
}

extension SubscriptionPage.Tick: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "anchorEnd": anchorEnd
        case "label": label
        default: nil
        }
    }
}

extension SubscriptionPage.Bar: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "classes": classes
        case "fullLabel": fullLabel
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "hatched": hatched
        case "label": label
        case "textX": textX
        case "textY": textY
        case "anchorEnd": anchorEnd
        case "textClass": textClass
        case "strike": strike as Any?
        default: nil
        }
    }
}

extension SubscriptionPage.Strike: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x1": x1
        case "x2": x2
        case "y": y
        default: nil
        }
    }
}
